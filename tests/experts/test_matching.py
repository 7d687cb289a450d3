"""rank_experts: the order of experts for a support request, and the reasons given."""

import datetime

from atelier.core.multilingual import MultilingualText
from atelier.experts.services import matching
from atelier.experts.services.matching import Reason, Signal, rank_experts

from .factories import ExpertProfileFactory, SupportRequestFactory

TODAY = datetime.date(2027, 1, 10)


def _request(**fields):
    values = {
        "areas": ["audience-development", "evaluation-impact"],
        "languages": ["bg", "en"],
        "country": "BG",
        "place": "Plovdiv",
        "format": "hybrid",
        "starts_on": datetime.date(2027, 3, 1),
        "ends_on": datetime.date(2027, 3, 31),
        "title": MultilingualText("Audience survey for our museums", "en"),
        "description": MultilingualText("We want to know who visits and who does not.", "en"),
    }
    values.update(fields)
    return SupportRequestFactory(**values)


def _expert(name, **fields):
    values = {
        "areas": [],
        "keywords": [],
        "languages": [],
        "countries": [],
        "user__display_name": name,
    }
    values.update(fields)
    return ExpertProfileFactory(**values)


def _order(matches):
    return [match.expert.user.display_name for match in matches]


def _reasons(match):
    return {reason.signal: reason for reason in match.reasons}


def test_experts_are_ranked_by_areas_then_languages(db):
    _expert("Both areas", areas=["audience-development", "evaluation-impact"])
    _expert("One area", areas=["audience-development"])
    _expert(
        "One area, Bulgarian",
        areas=["evaluation-impact"],
        languages=[{"code": "bg", "level": "native"}],
    )
    _expert("Other area", areas=["legal-contracts"])
    matches = rank_experts(_request(languages=["bg"]), today=TODAY)
    # Areas: 6 points shared over the two asked for; Bulgarian (native) 3; available 2; those
    # without Bulgarian lose 3, which leaves "Other area" below zero.
    assert _order(matches) == ["One area, Bulgarian", "Both areas", "One area"]
    assert [match.score for match in matches] == [8.0, 5.0, 2.0]


def test_each_match_says_why(db):
    _expert(
        "Vesela",
        areas=["audience-development", "heritage-management"],
        keywords=["museums", "visitor surveys"],
        languages=[{"code": "bg", "level": "native"}, {"code": "en", "level": "C1"}],
        countries=["BG", "RO"],
        ecoc_cities=[{"city": "Plovdiv", "year": 2019}],
        user__country="BG",
        availability="available",
    )
    request = _request(needs_ecoc_experience=True)
    [match] = rank_experts(request, today=TODAY)
    assert match.reasons == [
        Reason("expertise", 3.0, "Areas asked for: Audience development"),
        Reason("languages", 3.0, "Works in Bulgarian (mother tongue), English (C1)"),
        Reason("availability", 2.0, "Available from 2027-03-01 to 2027-03-31"),
        Reason("ecoc", 2.0, "Has European Capital of Culture experience"),
        Reason("countries", 1.5, "Has worked in Bulgaria"),
        Reason("keywords", 1.0, "Keywords found in the request: museum"),
        Reason("place", 1.0, "Lives in Bulgaria, near the work on site in Plovdiv"),
    ]
    assert match.score == 13.5


def test_a_multi_word_keyword_needs_all_its_words(db):
    _expert("Kai", areas=["audience-development"], keywords=["visitor surveys", "museum shop"])
    request = _request(description=MultilingualText("Surveys of every visitor.", "en"))
    [match] = rank_experts(request, today=TODAY)
    assert _reasons(match)["keywords"].detail == "Keywords found in the request: visitor survey"


def test_an_expert_speaking_none_of_the_languages_is_told_and_loses_points(db):
    _expert(
        "Mono",
        areas=["audience-development", "evaluation-impact"],
        languages=[{"code": "de", "level": "C1"}],
    )
    [match] = rank_experts(_request(), today=TODAY)
    reason = _reasons(match)["languages"]
    assert reason.weight == -3.0
    assert reason.detail == "Speaks none of the request's languages (Bulgarian, English)"


def test_a_lower_language_level_counts_less(db):
    _expert("Fluent", areas=["audience-development"], languages=[{"code": "bg", "level": "C2"}])
    _expert("Learner", areas=["audience-development"], languages=[{"code": "bg", "level": "A2"}])
    matches = rank_experts(_request(languages=["bg"]), today=TODAY)
    assert _order(matches) == ["Fluent", "Learner"]
    assert [_reasons(match)["languages"].weight for match in matches] == [3.0, 1.2]


def test_availability_over_the_request_dates(db):
    _expert("Free", areas=["audience-development"])
    _expert("Limited", areas=["audience-development"], availability="limited")
    _expert(
        "Part",
        areas=["audience-development"],
        available_from=datetime.date(2027, 3, 15),
    )
    _expert(
        "Gone",
        areas=["audience-development"],
        available_until=datetime.date(2027, 2, 1),
    )
    _expert("Busy", areas=["audience-development"], availability="unavailable")
    matches = rank_experts(_request(languages=[]), today=TODAY)
    # Area 3 points, then availability: 2, 1 (limited), 1 (part of the dates), -2, -2.
    assert _order(matches) == ["Free", "Limited", "Part", "Gone", "Busy"]
    assert [match.score for match in matches] == [5.0, 4.0, 4.0, 1.0, 1.0]
    reasons = [_reasons(match)["availability"] for match in matches]
    assert [reason.detail for reason in reasons] == [
        "Available from 2027-03-01 to 2027-03-31",
        "Limited availability from 2027-03-01 to 2027-03-31",
        "Available for part of 2027-03-01 to 2027-03-31",
        "Not available from 2027-03-01 to 2027-03-31",
        "Not available from 2027-03-01 to 2027-03-31",
    ]


def test_ecoc_experience_counts_only_when_relevant(db):
    _expert("Ecoc", areas=["audience-development"], ecoc_experience="Matera 2019 team.")
    plain = rank_experts(_request(languages=[]), today=TODAY)
    assert "ecoc" not in _reasons(plain[0])
    wanted = rank_experts(
        _request(
            languages=[],
            description=MultilingualText("Our city bids to be European Capital of Culture.", "en"),
        ),
        today=TODAY,
    )
    assert _reasons(wanted[0])["ecoc"].weight == 2.0


def test_areas_are_read_from_the_text_when_none_is_ticked(db):
    _expert("Funds", areas=["fundraising-eu-funding"])
    request = _request(
        areas=[],
        languages=[],
        title=MultilingualText("Fundraising and EU funding for a small festival", "en"),
    )
    [match] = rank_experts(request, today=TODAY)
    assert _reasons(match)["expertise"].detail == (
        "Areas the request's text names: Fundraising and EU funding"
    )


def test_an_online_request_gives_no_points_for_living_nearby(db):
    _expert("Near", areas=["audience-development"], user__country="BG")
    [match] = rank_experts(_request(format="online"), today=TODAY)
    assert "place" not in _reasons(match)


def test_the_requester_and_inactive_people_are_not_proposed(db, alice):
    _expert("Self", areas=["audience-development"], user=alice)
    _expert("Inactive", areas=["audience-development"], user__is_active=False)
    _expert("Other", areas=["audience-development"])
    assert _order(rank_experts(_request(requester=alice), today=TODAY)) == ["Other"]


def test_experts_with_nothing_in_common_are_left_out(db):
    _expert("Unrelated", areas=["legal-contracts"], availability="unavailable")
    assert rank_experts(_request(), today=TODAY) == []


def test_the_limit_keeps_the_best(db):
    for number in range(5):
        _expert(f"E{number}", areas=["audience-development"][: number % 2 + 1])
    _expert("Best", areas=["audience-development", "evaluation-impact"])
    matches = rank_experts(_request(languages=[]), limit=2, today=TODAY)
    assert _order(matches)[0] == "Best"
    assert len(matches) == 2


def test_ties_keep_the_older_profile_first(db):
    first = _expert("First", areas=["audience-development"])
    second = _expert("Second", areas=["audience-development"])
    matches = rank_experts(_request(languages=[]), today=TODAY)
    assert [match.expert for match in matches] == [first, second]


def test_an_edited_profile_is_ranked_on_its_new_values(db):
    profile = _expert("Changing", areas=["legal-contracts"])
    request = _request(languages=[])
    assert rank_experts(request, today=TODAY)[0].score == 2.0  # available only
    profile.areas = ["audience-development", "evaluation-impact"]
    profile.save()
    assert rank_experts(request, today=TODAY)[0].score == 8.0


def test_a_signal_can_be_added_with_its_weight(db):
    _expert("Plain", areas=["audience-development"])
    _expert("Favoured", areas=["audience-development"])

    def favour(features, candidate):
        return features.prepared["favour"].get(candidate.pk)

    def prepare(features, candidates):
        return {candidate.pk: 0.5 for candidate in candidates if candidate.pk % 2 == 0}

    signals = [
        *matching.SIGNALS,
        Signal("favour", 10.0, favour, lambda f, c, v: "Similar texts", prepare=prepare),
    ]
    matches = rank_experts(_request(languages=[]), signals=signals, today=TODAY)
    assert matches[0].expert.pk % 2 == 0
    assert _reasons(matches[0])["favour"] == Reason("favour", 5.0, "Similar texts")


def test_ranking_takes_two_queries_whatever_the_pool(db, django_assert_num_queries):
    for number in range(30):
        _expert(f"E{number}", areas=["audience-development"])
    request = _request()
    # The candidates' values, then the returned experts with their people.
    with django_assert_num_queries(2):
        matches = rank_experts(request, limit=10, today=TODAY)
        assert all(match.expert.user.display_name for match in matches)

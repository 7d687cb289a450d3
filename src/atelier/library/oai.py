"""OAI-PMH 2.0 for the library: aggregators harvest its published resources in Dublin Core.

Records are the resources that are published, and those that once were (withdrawn later),
which harvesters see as deleted. Never-published contributions never appear. Lists are
ordered by (datestamp, id) and paged with signed resumption tokens that carry the position
and the request's arguments, so a harvest neither skips nor repeats a record.
"""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core import signing
from django.db.models import Min, Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from atelier.core.permissions import permission_required

from .models import LICENCE_URLS, Kind, Licence, Resource, ResourceAuthor, ResourceFile, Status

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The protocol's own namespace is the default one of every response.
PREFIXES = {"": OAI, "oai_dc": OAI_DC, "dc": DC, "xsi": XSI, "oai-identifier": OAI_IDENTIFIER}
for _prefix, _uri in PREFIXES.items():
    ET.register_namespace(_prefix, _uri)

METADATA_FORMATS = {
    "oai_dc": (
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        OAI_DC,
    ),
}
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
TOKEN_SALT = "atelier.library.oai"
TOKEN_LIFETIME = timedelta(hours=24)

# The DCMI Type Vocabulary term of each kind, beside its own name.
DCMI_TYPES = {
    Kind.DOCUMENT: "Text",
    Kind.TOOLKIT: "Text",
    Kind.GUIDE: "Text",
    Kind.CASE_STUDY: "Text",
    Kind.VIDEO: "MovingImage",
    Kind.AUDIO: "Sound",
    Kind.PODCAST_EPISODE: "Sound",
    Kind.PRESENTATION: "Text",
    Kind.DATASET: "Dataset",
    Kind.LINK: "InteractiveResource",
}

VERBS = {
    # verb: (required arguments, optional arguments, exclusive argument)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
}

LIST_ARGUMENTS = ("metadataPrefix", "from", "until", "set")

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def page_size():
    return settings.ATELIER_OAI_PAGE_SIZE


def repository_name():
    return settings.ATELIER_OAI_REPOSITORY_NAME


def admin_email():
    configured = settings.ATELIER_OAI_ADMIN_EMAIL
    return parseaddr(configured or settings.DEFAULT_FROM_EMAIL)[1]


def namespace_identifier():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def oai_identifier(resource_id):
    return f"oai:{namespace_identifier()}:library/{resource_id}"


def resource_id_from(identifier):
    prefix = f"oai:{namespace_identifier()}:library/"
    if not identifier.startswith(prefix):
        return None
    rest = identifier.removeprefix(prefix)
    return int(rest) if rest.isdigit() and len(rest) < 19 else None


def datestamp(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def harvestable():
    """Published resources and those that once were (shown as deleted)."""
    return Resource.objects.filter(Q(status=Status.PUBLISHED) | Q(published_at__isnull=False))


def with_record_data(queryset):
    return queryset.select_related("programme").prefetch_related(
        "themes",
        Prefetch(
            "authors", queryset=ResourceAuthor.objects.select_related("organisation", "person")
        ),
        Prefetch(
            "files",
            queryset=ResourceFile.objects.filter(role=ResourceFile.Role.MAIN).only(
                "pk", "resource_id", "mime_type", "position", "role"
            ),
            to_attr="main_files",
        ),
    )


# Parsing the request ----------------------------------------------------------------------


def parse_arguments(params):
    """The verb and its arguments; a repeated or unknown argument is an error."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
    verb = verbs[0]
    required, optional, exclusive = VERBS[verb]
    arguments = {}
    for key, values in params.lists():
        if key == "verb":
            continue
        if len(values) != 1:
            raise OAIError("badArgument", f"The argument {key} is repeated.")
        if key not in required | optional | ({exclusive} if exclusive else set()):
            raise OAIError("badArgument", f"{verb} does not take the argument {key}.")
        arguments[key] = values[0]
    if exclusive and exclusive in arguments:
        if len(arguments) > 1:
            raise OAIError("badArgument", f"{exclusive} is an exclusive argument.")
        return verb, arguments
    missing = sorted(required - set(arguments))
    if missing:
        raise OAIError("badArgument", f"{verb} needs the argument(s): {', '.join(missing)}.")
    return verb, arguments


def parse_date(value, *, end):
    """A datetime in UTC and its granularity; an ``until`` day or second includes all of it."""
    try:
        if DAY.match(value):
            moment = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return (moment + timedelta(days=1) if end else moment), "day"
        if SECOND.match(value):
            moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            return (moment + timedelta(seconds=1) if end else moment), "second"
    except ValueError:
        pass
    raise OAIError("badArgument", f"{value} is not a date in a supported granularity.")


def list_filter(arguments):
    """The harvest's selection as a Q, from the from/until/set arguments."""
    condition = Q()
    granularities = set()
    if "from" in arguments:
        start, granularity = parse_date(arguments["from"], end=False)
        granularities.add(granularity)
        condition &= Q(updated__gte=start)
    if "until" in arguments:
        stop, granularity = parse_date(arguments["until"], end=True)
        granularities.add(granularity)
        condition &= Q(updated__lt=stop)
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if "from" in arguments and "until" in arguments and start >= stop:
        raise OAIError("badArgument", "from must not be later than until.")
    spec = arguments.get("set")
    if spec is not None:
        condition &= set_filter(spec)
    return condition


def set_filter(spec):
    if spec == "programme":
        return Q(programme__isnull=False)
    if spec == "type":
        return Q()
    family, _sep, value = spec.partition(":")
    if family == "programme" and value:
        return Q(programme__slug=value)
    if family == "type" and value in Kind.values:
        return Q(kind=value)
    # An unknown set holds nothing.
    return Q(pk__in=[])


def record_sets(resource):
    specs = [f"type:{resource.kind}"]
    if resource.programme_id:
        specs.append(f"programme:{resource.programme.slug}")
    return specs


# Resumption tokens -------------------------------------------------------------------------


def make_token(arguments, cursor, last):
    data = {
        "a": {k: v for k, v in arguments.items() if k in LIST_ARGUMENTS},
        "c": cursor,
        "t": last.updated.isoformat(),
        "k": last.pk,
    }
    return signing.dumps(data, salt=TOKEN_SALT, compress=True)


def read_token(token):
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_LIFETIME)
        arguments = dict(data["a"])
        cursor = int(data["c"])
        after = (datetime.fromisoformat(data["t"]), int(data["k"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise OAIError(
            "badResumptionToken", "The resumption token is invalid or has expired."
        ) from exc
    return arguments, cursor, after


# Building the response ---------------------------------------------------------------------


def _sub(parent, tag, value=None, /, **attributes):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    if value is not None:
        element.text = str(value)
    return element


def _o(name):
    return f"{{{OAI}}}{name}"


def envelope(request, verb=None, arguments=None):
    root = ET.Element(
        _o("OAI-PMH"),
        {f"{{{XSI}}}schemaLocation": (f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")},
    )
    _sub(root, _o("responseDate"), datestamp(timezone.now()))
    attributes = {}
    if verb is not None:
        attributes = {"verb": verb, **(arguments or {})}
    _sub(root, _o("request"), base_url(request), **attributes)
    return root


def base_url(request):
    return request.build_absolute_uri(reverse("library-oai"))


def respond(root):
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def identify(request, root, arguments):
    element = _sub(root, _o("Identify"))
    _sub(element, _o("repositoryName"), repository_name())
    _sub(element, _o("baseURL"), base_url(request))
    _sub(element, _o("protocolVersion"), "2.0")
    _sub(element, _o("adminEmail"), admin_email())
    earliest = harvestable().aggregate(earliest=Min("updated"))["earliest"]
    _sub(element, _o("earliestDatestamp"), datestamp(earliest or timezone.now()))
    _sub(element, _o("deletedRecord"), "persistent")
    _sub(element, _o("granularity"), GRANULARITY)
    # How identifiers are made, so harvesters and validators can read them.
    description = _sub(element, _o("description"))
    scheme = ET.SubElement(
        description,
        f"{{{OAI_IDENTIFIER}}}oai-identifier",
        {f"{{{XSI}}}schemaLocation": f"{OAI_IDENTIFIER} {OAI_IDENTIFIER_SCHEMA}"},
    )
    for name, value in (
        ("scheme", "oai"),
        ("repositoryIdentifier", namespace_identifier()),
        ("delimiter", ":"),
        ("sampleIdentifier", oai_identifier(1)),
    ):
        ET.SubElement(scheme, f"{{{OAI_IDENTIFIER}}}{name}").text = value


def list_metadata_formats(request, root, arguments):
    if "identifier" in arguments:
        get_resource(arguments["identifier"], with_data=False)
    element = _sub(root, _o("ListMetadataFormats"))
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        entry = _sub(element, _o("metadataFormat"))
        _sub(entry, _o("metadataPrefix"), prefix)
        _sub(entry, _o("schema"), schema)
        _sub(entry, _o("metadataNamespace"), namespace)


def list_sets(request, root, arguments):
    if "resumptionToken" in arguments:
        raise OAIError("badResumptionToken", "ListSets answers in one response.")
    from atelier.programmes.models import Programme

    element = _sub(root, _o("ListSets"))
    with translation.override(settings.LANGUAGE_CODE):
        entries = [("programme", "Programmes"), ("type", "Types of resource")]
        programmes = Programme.objects.filter(
            pk__in=harvestable().filter(programme__isnull=False).values("programme_id")
        ).order_by("slug")
        entries += [(f"programme:{p.slug}", p.title.text) for p in programmes]
        entries += [(f"type:{value}", str(label)) for value, label in Kind.choices]
    for spec, name in entries:
        entry = _sub(element, _o("set"))
        _sub(entry, _o("setSpec"), spec)
        _sub(entry, _o("setName"), name)


def check_prefix(prefix):
    if prefix not in METADATA_FORMATS:
        raise OAIError("cannotDisseminateFormat", f"The metadata format {prefix} is not supported.")


def get_resource(identifier, *, with_data=True):
    resource_id = resource_id_from(identifier)
    queryset = harvestable()
    if with_data:
        queryset = with_record_data(queryset)
    resource = queryset.filter(pk=resource_id).first() if resource_id is not None else None
    if resource is None:
        raise OAIError("idDoesNotExist", f"{identifier} is not an identifier of this repository.")
    return resource


def get_record(request, root, arguments):
    resource = get_resource(arguments["identifier"])
    check_prefix(arguments["metadataPrefix"])
    element = _sub(root, _o("GetRecord"))
    write_record(request, element, resource)


def list_items(request, root, arguments, *, verb):
    cursor, after = 0, None
    if "resumptionToken" in arguments:
        arguments, cursor, after = read_token(arguments["resumptionToken"])
    check_prefix(arguments["metadataPrefix"])
    selection = harvestable().filter(list_filter(arguments))
    complete_size = selection.count()
    page = selection
    if after is not None:
        updated, pk = after
        page = page.filter(Q(updated__gt=updated) | Q(updated=updated, pk__gt=pk))
    page = page.order_by("updated", "pk")
    if verb == "ListRecords":
        page = with_record_data(page)
    else:
        page = page.select_related("programme")
    size = page_size()
    resources = list(page[: size + 1])
    if not resources:
        if after is not None:
            raise OAIError("badResumptionToken", "The resumption token points past the list.")
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    has_more = len(resources) > size
    resources = resources[:size]
    element = _sub(root, _o(verb))
    for resource in resources:
        if verb == "ListRecords":
            write_record(request, element, resource)
        else:
            write_header(element, resource)
    token_attributes = {"completeListSize": complete_size, "cursor": cursor}
    if has_more:
        expires = timezone.now() + TOKEN_LIFETIME
        token_attributes["expirationDate"] = datestamp(expires)
        token = make_token(arguments, cursor + len(resources), resources[-1])
        _sub(element, _o("resumptionToken"), token, **token_attributes)
    elif after is not None:
        _sub(element, _o("resumptionToken"), None, **token_attributes)


def write_header(parent, resource):
    attributes = {} if resource.status == Status.PUBLISHED else {"status": "deleted"}
    header = _sub(parent, _o("header"), **attributes)
    _sub(header, _o("identifier"), oai_identifier(resource.pk))
    _sub(header, _o("datestamp"), datestamp(resource.updated))
    for spec in record_sets(resource):
        _sub(header, _o("setSpec"), spec)
    return header


def write_record(request, parent, resource):
    record = _sub(parent, _o("record"))
    write_header(record, resource)
    if resource.status == Status.PUBLISHED:
        metadata = _sub(record, _o("metadata"))
        write_dublin_core(request, metadata, resource)


def _dc(parent, name, value, language=None):
    if value in (None, ""):
        return
    attributes = {XML_LANG: language} if language else {}
    element = ET.SubElement(parent, f"{{{DC}}}{name}", attributes)
    element.text = str(value)


def _variants(value):
    """Each language version of a multilingual text: the original, then its translations."""
    if not value:
        return []
    variants = [(value.language, value.text)]
    variants += [
        (language, entry.get("text", ""))
        for language, entry in sorted(value.translations.items())
        if entry.get("text")
    ]
    return variants


def write_dublin_core(request, parent, resource):
    dc = ET.SubElement(
        parent,
        f"{{{OAI_DC}}}dc",
        {f"{{{XSI}}}schemaLocation": f"{OAI_DC} {METADATA_FORMATS['oai_dc'][0]}"},
    )
    with translation.override(settings.LANGUAGE_CODE):
        for language, text in _variants(resource.title):
            _dc(dc, "title", text, language)
        for author in resource.authors.all():
            _dc(dc, "creator", str(author.display_name))
        for theme in resource.themes.all():
            _dc(dc, "subject", str(theme.label), settings.LANGUAGE_CODE)
        for language, text in _variants(resource.abstract):
            _dc(dc, "description", text, language)
        if resource.programme_id:
            _dc(dc, "publisher", resource.programme.title.text, resource.programme.title.language)
        else:
            _dc(dc, "publisher", repository_name())
        date = resource.published_on or (resource.published_at and resource.published_at.date())
        if date:
            _dc(dc, "date", date.isoformat())
        _dc(dc, "type", DCMI_TYPES.get(resource.kind, "Text"))
        _dc(dc, "type", str(Kind(resource.kind).label) if resource.kind in Kind.values else "")
        for mime_type in dict.fromkeys(f.mime_type for f in resource.main_files):
            _dc(dc, "format", mime_type)
        _dc(dc, "identifier", request.build_absolute_uri(resource.get_absolute_url()))
        if resource.external_url:
            _dc(dc, "identifier", resource.external_url)
        for language in resource.languages or ():
            _dc(dc, "language", language)
        if resource.programme_id:
            _dc(dc, "relation", request.build_absolute_uri(resource.programme.get_absolute_url()))
        if resource.licence == Licence.ALL_RIGHTS_RESERVED:
            _dc(dc, "rights", str(Licence(resource.licence).label))
        else:
            _dc(dc, "rights", resource.licence_url or LICENCE_URLS.get(resource.licence, ""))


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": lambda request, root, args: list_items(
        request, root, args, verb="ListIdentifiers"
    ),
    "ListRecords": lambda request, root, args: list_items(request, root, args, verb="ListRecords"),
}


@csrf_exempt  # harvesters POST form-encoded requests without a session
@require_http_methods(["GET", "POST"])
@permission_required("library.view_library")
def oai_pmh(request):
    params = request.POST if request.method == "POST" else request.GET
    try:
        verb, arguments = parse_arguments(params)
    except OAIError as error:
        root = envelope(request)
        _sub(root, _o("error"), error.message, code=error.code)
        return respond(root)
    root = envelope(request, verb, arguments)
    try:
        # Links in records point at the pages without a language prefix.
        with translation.override(settings.LANGUAGE_CODE):
            HANDLERS[verb](request, root, arguments)
    except OAIError as error:
        for child in list(root)[2:]:
            root.remove(child)
        if error.code == "badArgument":
            # The protocol echoes no arguments when they were not valid.
            root.find(_o("request")).attrib.clear()
        _sub(root, _o("error"), error.message, code=error.code)
    return respond(root)

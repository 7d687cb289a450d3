from django.urls import path

from . import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("new/", views.call_create, name="create"),
    path("mine/", views.my_applications, name="mine"),
    path("manage/", views.manage_list, name="manage"),
    path("reviews/", views.my_reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/conflicts/", views.conflicts, name="conflicts"),
    path("reviews/conflicts/<int:pk>/remove/", views.conflict_remove, name="conflict-remove"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/feedback/", views.share_feedback, name="feedback"),
    path(
        "applications/<int:pk>/files/<int:file_pk>/",
        views.application_file,
        name="application-file",
    ),
    path("<slug:slug>/", views.call_detail, name="detail"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/edit/", views.call_edit, name="edit"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/form/", views.questions, name="questions"),
    path("<slug:slug>/form/<int:pk>/", views.question_edit, name="question-edit"),
    path("<slug:slug>/form/<int:pk>/delete/", views.question_delete, name="question-delete"),
    path(
        "<slug:slug>/form/<int:pk>/move/<str:direction>/",
        views.question_move,
        name="question-move",
    ),
    path("<slug:slug>/criteria/", views.criterion_add, name="criterion-add"),
    path("<slug:slug>/criteria/<int:pk>/", views.criterion_edit, name="criterion-edit"),
    path("<slug:slug>/criteria/<int:pk>/delete/", views.criterion_delete, name="criterion-delete"),
    path("<slug:slug>/applications/", views.applications, name="applications"),
    path("<slug:slug>/applications/<int:pk>/<str:decision>/", views.decide, name="decide"),
    path("<slug:slug>/reviewers/", views.reviewers, name="reviewers"),
    path("<slug:slug>/reviewers/<int:pk>/remove/", views.reviewer_remove, name="reviewer-remove"),
    path("<slug:slug>/messages/", views.decision_messages, name="messages"),
    path("<slug:slug>/ranking/", views.ranking, name="ranking"),
    path("<slug:slug>/scores.<str:fmt>", views.export_scores, name="export"),
]

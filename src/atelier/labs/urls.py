from django.urls import path

from .views import labs as views
from .views import programmes, reports

app_name = "labs"

# A lab's address is made from its title and never one of the first words here
# (``slugs.RESERVED``), so these paths and a lab's own do not meet.
urlpatterns = [
    path("", views.lab_list, name="list"),
    path("new/", views.lab_create, name="create"),
    path("join/<str:token>/", views.join, name="join"),
    path("programme/<slug:slug>/", programmes.programme_labs, name="programme"),
    path("<slug:slug>/", views.lab_detail, name="detail"),
    path("<slug:slug>/edit/", views.lab_edit, name="edit"),
    path("<slug:slug>/close/", views.lab_close, name="close"),
    path("<slug:slug>/questions/new/", views.question_add, name="question-add"),
    path("<slug:slug>/questions/<int:pk>/", views.question_translations, name="question"),
    path("<slug:slug>/rounds/new/", views.round_add, name="round-add"),
    path("<slug:slug>/tables/new/", views.table_add, name="table-add"),
    path(
        "<slug:slug>/participants/<int:pk>/remove/",
        views.participant_remove,
        name="participant-remove",
    ),
    path("<slug:slug>/control/", views.control, name="control"),
    path("<slug:slug>/my-table/", views.my_table, name="my-table"),
    path("<slug:slug>/tables/<int:number>/", views.board, name="board"),
    path("<slug:slug>/tables/<int:number>/notes/", views.board_notes, name="notes"),
    path("<slug:slug>/tables/<int:number>/notes/new/", views.note_post, name="note-post"),
    path("<slug:slug>/tables/<int:number>/notes/<int:pk>/", views.note_change, name="note-change"),
    path(
        "<slug:slug>/tables/<int:number>/notes/<int:pk>/remove/",
        views.note_remove,
        name="note-remove",
    ),
    path("<slug:slug>/harvest/", views.harvest, name="harvest"),
    path("<slug:slug>/themes/<int:pk>/", views.theme_edit, name="theme-edit"),
    path("<slug:slug>/themes/<int:pk>/remove/", views.theme_remove, name="theme-remove"),
    path("<slug:slug>/propose/", views.propose, name="propose"),
    path("<slug:slug>/vote/", views.vote, name="vote"),
    path("<slug:slug>/report/", reports.report, name="report"),
    path("<slug:slug>/report/publish/", reports.report_publish, name="report-publish"),
    path("<slug:slug>/report/unpublish/", reports.report_unpublish, name="report-unpublish"),
    path("<slug:slug>/report.md", reports.report_markdown, name="report-md"),
    path("<slug:slug>/report.csv", reports.report_csv, name="report-csv"),
    path("<slug:slug>/report.pdf", reports.report_pdf, name="report-pdf"),
]

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
    path("<slug:slug>/edit/", views.plan_edit, name="edit"),
    path("<slug:slug>/plan.csv", views.plan_csv, name="csv"),
    path("<slug:slug>/import/", views.plan_import, name="import"),
    path("<slug:slug>/import/<int:pk>/", views.plan_import_run, name="import-run"),
    path("<slug:slug>/goals/new/", views.goal_form, name="goal-create"),
    path("<slug:slug>/goals/<int:pk>/edit/", views.goal_form, name="goal-edit"),
    path("<slug:slug>/actions/new/", views.action_create, name="action-create"),
    path("<slug:slug>/actions/<int:pk>/", views.action_detail, name="action"),
    path("<slug:slug>/actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("<slug:slug>/actions/<int:pk>/update/", views.progress_update, name="progress"),
    path("<slug:slug>/indicators/new/", views.indicator_form, name="indicator-create"),
    path("<slug:slug>/indicators/<int:pk>/edit/", views.indicator_form, name="indicator-edit"),
    path("<slug:slug>/indicators/<int:pk>/measure/", views.measurement_form, name="measure"),
]

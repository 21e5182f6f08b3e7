from django.urls import path

from . import views

app_name = "filings"
urlpatterns = [
    path("staff/cases/<int:pk>/filings", views.case_filings, name="case"),
    path("staff/cases/<int:pk>/filings/consent", views.consent, name="consent"),
    path("staff/cases/<int:pk>/filings/<slug:kind>", views.draft_form, name="form"),
    path("staff/cases/<int:pk>/filings/<slug:kind>/draft", views.draft_new, name="new"),
    path("staff/filings/<int:pk>", views.draft_view, name="draft"),
    path("staff/filings/<int:pk>/docx", views.draft_docx, name="docx"),
    path("staff/filings/<int:pk>/pdf", views.draft_pdf, name="pdf"),
    path("staff/documents/<int:pk>/joint-claim", views.joint_form, name="joint"),
    path("staff/documents/<int:pk>/joint-claim/draft", views.joint_new, name="joint_new"),
]

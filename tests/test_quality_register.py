"""The quality register: who sees and keeps it, deadlines in business days, and the work-item import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from portal.models import Category, ClosureDay
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, SECTION_REVIEWER
from quality.models import ImprovementProposal, Incident, KpiTargets, WorkItem

pytestmark = pytest.mark.django_db
HOSTS = {"intranet": "intranet.localhost", "education": "edu.localhost"}
MODELS = {"workitem": WorkItem, "incident": Incident, "improvementproposal": ImprovementProposal}


def make_records(portal):
    item = WorkItem.objects.create(portal=portal, number=f"T-{portal}-1", title="通勤手当の認定", received_on=datetime.date(2015, 6, 1))
    incident = Incident.objects.create(portal=portal, kind="accident", title="書類の誤送付", description="別の所属へ送付した")
    proposal = ImprovementProposal.objects.create(portal=portal, title="受付票の様式統一", description="様式を一本化する")
    return {"workitem": item, "incident": incident, "improvementproposal": proposal}


def url(model, view, obj=None):
    name = f"wagtailsnippets_quality_{model}:{view}"
    return reverse(name, args=[obj.pk]) if obj else reverse(name)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("view", ["edit", "inspect", "history", "usage", "delete", "copy"])
def test_another_centres_record_is_404_on_every_admin_view(client, role_user, model, view):
    record = make_records("education")[model]
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    response = client.get(url(model, view, record), HTTP_HOST=HOSTS["intranet"])
    assert response.status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_another_centres_records_are_not_listed(client, role_user, model):
    own, other = make_records("intranet")[model], make_records("education")[model]
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    listed = client.get(url(model, "list"), {"q": own.title}, HTTP_HOST=HOSTS["intranet"]).context["page_obj"].object_list
    assert own in listed and other not in listed


@pytest.mark.parametrize("role", [CENTRE_STAFF, HELPDESK, ADMINISTRATOR])
def test_centre_roles_keep_their_register(client, role_user, role):
    record = make_records("intranet")["incident"]
    client.force_login(role_user(role, "intranet"))
    assert client.get(url("incident", "edit", record), HTTP_HOST=HOSTS["intranet"]).status_code == 200
    form = client.get(url("incident", "add"), HTTP_HOST=HOSTS["intranet"]).context["form"]
    assert [key for key, _ in form.fields["portal"].choices] == ["intranet"]


def test_section_reviewers_read_the_register_but_cannot_change_it(client, role_user):
    record = make_records("intranet")["workitem"]
    client.force_login(role_user(SECTION_REVIEWER, "intranet"))
    host = HOSTS["intranet"]
    assert record in client.get(url("workitem", "list"), {"q": record.number}, HTTP_HOST=host).context["page_obj"].object_list
    assert client.get(url("workitem", "inspect", record), HTTP_HOST=host).status_code == 200
    assert client.get(url("workitem", "edit", record), HTTP_HOST=host).status_code == 404
    assert client.post(url("workitem", "delete", record), HTTP_HOST=host).status_code == 404
    assert client.get(url("workitem", "add"), HTTP_HOST=host).status_code in (302, 403)
    assert WorkItem.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("role, portal", [(READER, "intranet"), (SECTION_REVIEWER, "education")])
def test_employees_and_the_other_sections_see_nothing(client, role_user, role, portal):
    record = make_records("intranet")["incident"]
    client.force_login(role_user(role, portal))
    response = client.get(url("incident", "inspect", record), HTTP_HOST=HOSTS[portal])
    assert response.status_code in (302, 403, 404)
    assert "書類の誤送付" not in response.content.decode()


def test_bulk_delete_leaves_another_centres_records(client, role_user):
    other = make_records("education")["workitem"]
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    bulk = reverse("wagtail_bulk_action", args=("quality", "workitem", "delete"))
    client.post(f"{bulk}?id={other.pk}", HTTP_HOST=HOSTS["intranet"])
    assert WorkItem.objects.filter(pk=other.pk).exists()


def test_kpi_targets_are_edited_by_the_centres_administrator_only(client, role_user):
    intranet, education = KpiTargets.for_portal("intranet"), KpiTargets.for_portal("education")
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    edit = lambda targets: reverse("wagtailsettings:edit", args=("quality", "kpitargets", targets.site_id))  # noqa: E731
    assert client.get(edit(intranet), HTTP_HOST=HOSTS["intranet"]).status_code == 200
    assert client.get(edit(education), HTTP_HOST=HOSTS["intranet"]).status_code == 404
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    assert client.get(edit(intranet), HTTP_HOST=HOSTS["intranet"]).status_code in (403, 404)


def test_deadline_is_counted_in_the_centres_business_days():
    # 2015-12-28 (Mon) + 3 business days: 12/29–1/3 closed, 1/4 Mon, 1/5, then a closure day on 1/6 → 1/7.
    ClosureDay.objects.create(date=datetime.date(2016, 1, 6), name="システム切替", portal="intranet")
    item = WorkItem.objects.create(
        portal="intranet", number="D-1", title="年末の申請", received_on=datetime.date(2015, 12, 28), deadline_days=3
    )
    assert item.due_date == datetime.date(2016, 1, 7)


def xlsx_file(rows, name="work.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    from io import BytesIO

    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def post_import(client, upload, portal="intranet"):
    return client.post(
        reverse("wagtailsnippets_quality_workitem:import"), {"portal": portal, "file": upload}, HTTP_HOST=HOSTS[portal]
    )


def test_import_creates_and_updates_work_items(client, role_user):
    WorkItem.objects.create(portal="intranet", number="I-1", title="古い件名", received_on=datetime.date(2015, 5, 1))
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    page = client.get(reverse("wagtailsnippets_quality_workitem:import"), HTTP_HOST=HOSTS["intranet"])
    assert "処理期限（開庁日数）" in page.content.decode()
    csv = "管理番号,件名,業務分類,受付日,処理期限（開庁日数）,完了日\nI-1,扶養認定,給与,令和元年５月７日,5,2019/5/9\nI-2,住居手当,給与,2019-05-08,3,\n"
    response = post_import(client, SimpleUploadedFile("work.csv", csv.encode("cp932")))
    assert response.status_code == 302, response.context.get("problems") or response.context["form"].errors
    updated = WorkItem.objects.get(portal="intranet", number="I-1")
    assert (updated.title, updated.received_on, updated.category) == ("扶養認定", datetime.date(2019, 5, 7), Category.objects.get(name="給与"))
    assert updated.due_date == datetime.date(2019, 5, 14)
    assert WorkItem.objects.get(portal="intranet", number="I-2").completed_on is None


def test_a_bad_import_file_changes_nothing_and_names_every_bad_line(client, role_user):
    WorkItem.objects.create(portal="intranet", number="B-1", title="そのまま", received_on=datetime.date(2015, 5, 1))
    before = list(WorkItem.objects.values_list("pk", "number", "title", "updated_at").order_by("pk"))
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    upload = xlsx_file([
        ["管理番号", "件名", "業務分類", "受付日", "完了日"],
        ["B-1", "上書きされない", "給与", "2015/5/1", ""],
        ["B-2", "", "給与", "2015/13/1", ""],
        ["B-3", "存在しない分類", "宇宙", datetime.datetime(2015, 5, 2), ""],
        ["B-4", "完了が先", "給与", "2015/5/10", "2015/5/1"],
        ["B-1", "重複", "給与", "2015/5/1", ""],
    ])
    response = post_import(client, upload)
    assert response.status_code == 200
    problems = response.context["problems"]
    assert any(p.startswith("3行目：受付日「2015/13/1」") for p in problems)
    assert any(p.startswith("3行目：件名が空欄") for p in problems)
    assert any(p.startswith("4行目：業務分類「宇宙」") for p in problems)
    assert any(p.startswith("5行目：完了日") for p in problems)
    assert any(p.startswith("6行目：管理番号「B-1」は2行目と重複") for p in problems)
    assert list(WorkItem.objects.values_list("pk", "number", "title", "updated_at").order_by("pk")) == before


def test_import_refuses_other_files_in_japanese(client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    response = post_import(client, SimpleUploadedFile("work.pdf", b"%PDF-1.4"))
    assert "CSV（.csv）か Excel（.xlsx）" in " ".join(response.context["problems"])
    response = post_import(client, SimpleUploadedFile("work.csv", "番号,件名\n".encode()))
    assert any("見出し「番号」は使えません" in p for p in response.context["problems"])


def test_import_only_into_a_kept_centre(client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    csv = "管理番号,件名,受付日\nX-1,他センター,2015/5/1\n"
    response = post_import(client, SimpleUploadedFile("work.csv", csv.encode()), portal="education")
    assert response.status_code == 200
    assert not WorkItem.objects.filter(number="X-1").exists()
    client.force_login(role_user(SECTION_REVIEWER, "intranet"))
    assert post_import(client, SimpleUploadedFile("work.csv", csv.encode())).status_code in (302, 403)
    assert not WorkItem.objects.filter(number="X-1").exists()


def test_proposal_status_follows_its_dated_stages():
    proposal = ImprovementProposal(portal="intranet", title="改善", description="x", proposed_on=datetime.date(2015, 4, 1))
    proposal.save()
    assert proposal.status == "proposed"
    proposal.approved_on = datetime.date(2015, 4, 3)
    proposal.implemented_on = datetime.date(2015, 5, 1)
    proposal.save()
    assert proposal.get_status_display() == "実施"
    proposal.approved_on = None
    with pytest.raises(Exception, match="承認日"):
        proposal.full_clean()


def test_a_complaint_is_linked_to_its_inquiry_by_its_reference_in_the_same_centre(client, role_user):
    from helpdesk.models import Inquiry

    own = Inquiry.objects.filter(portal="intranet").first()
    other = Inquiry.objects.filter(portal="education").first()
    client.force_login(role_user(HELPDESK, "intranet"))
    data = {"portal": "intranet", "kind": "complaint", "title": "回答が遅い", "occurred_at": "2015-06-01 10:00",
            "description": "折り返しが遅いとの苦情", "inquiry_reference": other.reference}
    response = client.post(url("incident", "add"), data, HTTP_HOST=HOSTS["intranet"])
    assert "このセンターに受付番号" in response.content.decode()
    assert not Incident.objects.filter(title="回答が遅い").exists()
    data["inquiry_reference"] = own.reference.replace("-", "－")
    assert client.post(url("incident", "add"), data, HTTP_HOST=HOSTS["intranet"]).status_code == 302
    assert Incident.objects.get(title="回答が遅い").inquiry == own


def test_the_exported_list_imports_back_and_its_cells_are_formula_safe(client, role_user):
    WorkItem.objects.create(portal="intranet", number="E-1", title="=SUM(A1)", received_on=datetime.date(2015, 5, 1), deadline_days=3)
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    exported = client.get(url("workitem", "list"), {"q": "E-1", "export": "csv"}, HTTP_HOST=HOSTS["intranet"])
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert "'=SUM(A1)" in text and "処理期限日" in text
    response = post_import(client, SimpleUploadedFile("back.csv", text.encode("utf-8")))
    assert response.status_code == 302, response.context and response.context.get("problems")
    item = WorkItem.objects.get(portal="intranet", number="E-1")
    assert (item.title, item.due_date) == ("=SUM(A1)", datetime.date(2015, 5, 11))  # after the Golden Week holidays

"""import_courses: valid files, invalid rows (nothing half-written), --skip-invalid, re-import updates."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from courses.exceptions import ImportRejected
from courses.models import Cohort, CoursePage
from courses.services import IMPORT_HEADER, import_courses
from tests.factories import CategoryFactory, ProviderFactory, catalogue_root

HEADER = ",".join(IMPORT_HEADER)


def csv_text(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


ROW_EV = ("EV-IMP-1,ช่างซ่อมรถจักรยานยนต์ไฟฟ้า,EV motorcycle repair,ซ่อมมอเตอร์ไซค์ไฟฟ้า,Repair e-motorcycles,"
          "ipc5,ev-motorcycle,4001,ev.battery.safety;ev.battery.test,120,4500.00,15,2027-02-01,2027-03-15")
ROW_WELD = ("WELD-IMP-2,ช่างเชื่อม,Welding,เชื่อมโลหะ,,ipc5,ev-motorcycle,4010,,60,0,20,2027-04-01,2027-04-30")


@pytest.fixture
def setup(db, reference_data):
    catalogue_root()
    ProviderFactory(slug="ipc5", name_th="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5", name_en="IPC 5")
    CategoryFactory()


def test_valid_file_creates_published_pages_with_one_cohort(setup):
    report = import_courses(data=csv_text(ROW_EV, ROW_WELD).encode(), publish=True)
    assert (report.created, report.updated, report.skipped) == (2, 0, 0)
    page = CoursePage.objects.get(external_id="EV-IMP-1")
    assert page.live and page.title == "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า" and page.hours == 120
    assert sorted(cs.skill.code for cs in page.course_skills.all()) == ["ev.battery.safety", "ev.battery.test"]
    cohort = page.cohorts.get()
    assert cohort.fee_thb == Decimal("4500.00") and cohort.seats == 15 and cohort.district_id == "4001"
    assert str(cohort.start_date) == "2027-02-01"


def test_without_publish_pages_are_drafts(setup):
    import_courses(data=csv_text(ROW_EV), publish=False)
    page = CoursePage.objects.get(external_id="EV-IMP-1")
    assert not page.live and page.has_unpublished_changes


def test_reimport_updates_by_external_id(setup):
    import_courses(data=csv_text(ROW_EV), publish=True)
    changed = ROW_EV.replace("EV motorcycle repair", "EV motorcycle repair (new)").replace(",15,", ",30,").replace(
        "4500.00", "5000.50")
    report = import_courses(data=csv_text(changed), publish=True)
    assert (report.created, report.updated) == (0, 1)
    page = CoursePage.objects.get(external_id="EV-IMP-1")
    assert page.title_en == "EV motorcycle repair (new)"
    assert CoursePage.objects.filter(external_id="EV-IMP-1").count() == 1
    cohort = Cohort.objects.get(course=page)
    assert cohort.seats == 30 and cohort.fee_thb == Decimal("5000.50")


@pytest.mark.parametrize("bad_row,reason", [
    (ROW_EV.replace(",4001,", ",9999,"), "district_code"),
    (ROW_EV.replace(",4001,", ",abcd,"), "district_code"),
    (ROW_EV.replace("ipc5", "nobody"), "unknown provider"),
    (ROW_EV.replace("ev.battery.test", "ev.nope"), "unknown skill"),
    (ROW_EV.replace("4500.00", "-1"), "fee_thb"),
    (ROW_EV.replace("4500.00", "12.345"), "fee_thb"),
    (ROW_EV.replace("4500.00", "free"), "fee_thb"),
    (ROW_EV.replace(",15,", ",0,"), "seats"),
    (ROW_EV.replace("2027-02-01", "01/02/2027"), "ISO"),
    (ROW_EV.replace("2027-03-15", "2027-01-01"), "before"),
    (ROW_EV.replace(",120,", ",many,"), "hours"),
    (ROW_EV.replace("EV-IMP-1,", "EV IMP/1,"), "external_id"),
    (ROW_EV.replace("ช่างซ่อมรถจักรยานยนต์ไฟฟ้า,", ",", 1), "title_th"),
    (ROW_EV + ",extra", "columns"),
])
def test_an_invalid_row_rejects_the_whole_file_with_row_number_and_reason(setup, bad_row, reason):
    with pytest.raises(ImportRejected) as info:
        import_courses(data=csv_text(ROW_WELD, bad_row), publish=True)
    errors = info.value.context["report"].errors
    assert [e.row for e in errors] == [3]
    assert reason.lower() in str(errors[0]).lower()
    assert not CoursePage.objects.filter(external_id__in=["WELD-IMP-2", "EV-IMP-1"]).exists(), "nothing written"


def test_duplicate_ids_wrong_header_and_encoding_are_reported(setup):
    with pytest.raises(ImportRejected) as info:
        import_courses(data=csv_text(ROW_EV, ROW_EV))
    assert "duplicate" in str(info.value.context["report"].errors[0])
    with pytest.raises(ImportRejected) as info:
        import_courses(data="external_id,title\nX,Y\n")
    assert info.value.context["report"].errors[0].row == 1
    with pytest.raises(ImportRejected) as info:
        import_courses(data=csv_text(ROW_EV).encode("tis-620"))
    assert "UTF-8" in str(info.value.context["report"].errors[0])


def test_skip_invalid_imports_the_valid_rows(setup):
    report = import_courses(data=csv_text(ROW_EV, ROW_WELD.replace(",4010,", ",0000,")), publish=True,
                            skip_invalid=True)
    assert (report.created, report.skipped) == (1, 1) and report.errors[0].row == 3
    assert CoursePage.objects.filter(external_id="EV-IMP-1", live=True).exists()


def test_command_prints_summary_and_errors(setup, tmp_path):
    good = tmp_path / "courses.csv"
    good.write_text(csv_text(ROW_EV, ROW_WELD), encoding="utf-8-sig")  # Excel's BOM is fine
    out = StringIO()
    call_command("import_courses", str(good), "--publish", stdout=out)
    assert "created 2" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(ROW_EV.replace(",4001,", ",9999,")), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_courses", str(bad), stderr=err)
    assert "แถว 2" in err.getvalue() and "row 2" in err.getvalue()
    with pytest.raises(CommandError, match="not found"):
        call_command("import_courses", str(tmp_path / "missing.csv"))


ROW_NEW_ORG = ("SEW-NEW-1,ตัดเย็บเสื้อผ้าสตรี,Dressmaking,ตัดเย็บเสื้อ,,ศูนย์ฝึกอาชีพสตรีบ้านแฮด,งานผ้าและแฟชั่น,4001,,"
               "60,0,20,2027-04-01,2027-04-30")
ROW_NEW_ORG_2 = ("SEW-NEW-2,ตัดเย็บกระโปรง,Skirts,ตัดเย็บกระโปรง,,ศูนย์ฝึกอาชีพสตรีบ้านแฮด,งานผ้าและแฟชั่น,4001,,"
                 "30,0,20,2027-05-01,2027-05-30")


def test_unknown_provider_and_category_are_refused_without_create_missing(setup):
    with pytest.raises(ImportRejected) as exc:
        import_courses(data=csv_text(ROW_NEW_ORG), publish=True)
    reasons = " ".join(str(e) for e in exc.value.context["report"].errors)
    assert "unknown provider" in reasons and "--create-missing" in reasons
    assert not CoursePage.objects.filter(external_id="SEW-NEW-1").exists()


def test_create_missing_creates_each_unknown_provider_and_category_once_and_reports_them(setup):
    from courses.models import Category, Provider

    before = (Provider.objects.count(), Category.objects.count())
    report = import_courses(data=csv_text(ROW_NEW_ORG, ROW_NEW_ORG_2), publish=True, create_missing=True)
    assert report.created == 2
    assert report.created_providers == ["ศูนย์ฝึกอาชีพสตรีบ้านแฮด"]
    assert report.created_categories == ["งานผ้าและแฟชั่น"]
    assert (Provider.objects.count(), Category.objects.count()) == (before[0] + 1, before[1] + 1)
    provider = Provider.objects.get(name_th="ศูนย์ฝึกอาชีพสตรีบ้านแฮด")
    pages = CoursePage.objects.filter(external_id__in=["SEW-NEW-1", "SEW-NEW-2"])
    assert {p.provider_id for p in pages} == {provider.pk}
    assert {p.category.name_th for p in pages} == {"งานผ้าและแฟชั่น"}
    assert "ศูนย์ฝึกอาชีพสตรีบ้านแฮด" in report.summary() and "new categories" in report.summary()
    # a second import finds them by name: nothing new is created
    again = import_courses(data=csv_text(ROW_NEW_ORG), publish=True, create_missing=True)
    assert again.created_providers == [] and Provider.objects.count() == before[0] + 1


def test_create_missing_command_prints_the_new_providers(setup, tmp_path):
    path = tmp_path / "courses.csv"
    path.write_text(csv_text(ROW_NEW_ORG), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_courses", str(path), stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("import_courses", str(path), "--create-missing", stdout=out, stderr=StringIO())
    assert "new providers: ศูนย์ฝึกอาชีพสตรีบ้านแฮด" in out.getvalue()

"""Catalogue search against real Elasticsearch: synonyms, segmentation, facets, sort, API, ES-down fallback."""

from decimal import Decimal

import pytest
from django.test import override_settings

from courses.models import Category, District, Provider
from search import catalogue as cat
from search import indexing, thai
from search.client import get_client
from tests.factories import CategoryFactory, ProviderFactory, make_course


def ids(result):
    return [h.external_id for h in result.hits]


def run(**params):
    return cat.search_courses(cat.CatalogueQuery.from_params({k: str(v) for k, v in params.items()}))


@pytest.fixture
def catalogue_data(db, search_clean, reference_data):
    ev = CategoryFactory()
    engine = Category.objects.create(slug="small-engine", name_th="เครื่องยนต์เล็ก", name_en="Small engines")
    ipc = ProviderFactory(slug="ipc5", name_th="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5", name_en="IPC 5")
    college = ProviderFactory(slug="kk-tech", name_th="วิทยาลัยเทคนิคขอนแก่น", name_en="KK Tech")
    courses = {
        "EV-MC-101": make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้าและดัดแปลงรถน้ำมันเป็นไฟฟ้า",
                                 title_en="EV motorcycle repair and conversion", external_id="EV-MC-101",
                                 summary_th="ซ่อมมอเตอร์ไซค์ไฟฟ้า แบตเตอรี่ลิเทียม", provider=ipc, category=ev,
                                 fee=Decimal("4500.00"), sponsor_share=Decimal("4500.00"), district="4001",
                                 start_in_days=40),
        "BAT": make_course(title="ซ่อมแพ็กแบตเตอรี่ลิเทียม", title_en="Lithium battery pack repair", external_id="BAT",
                           summary_th="เปลี่ยนเซลล์ ตรวจบีเอ็มเอส", provider=ipc, category=ev, fee=Decimal("3000.00"),
                           sponsor_share=Decimal("1000.00"), district="4010", start_in_days=20),
        "WELD": make_course(title="ช่างเชื่อมโลหะ", title_en="Metal welding", external_id="WELD",
                            summary_th="เชื่อมไฟฟ้าและประกอบโครงเหล็ก", provider=college, category=engine,
                            fee=Decimal("1500.00"), district="4012", start_in_days=60),
        "MC": make_course(title="ซ่อมรถจักรยานยนต์เบื้องต้น", title_en="Motorcycle repair basics", external_id="MC",
                          summary_th="เปลี่ยนน้ำมันเครื่อง ผ้าเบรก", provider=college, category=engine,
                          district="4005", start_in_days=10),
    }
    make_course(title="ร่างหลักสูตรซ่อมมอไซค์ไฟฟ้า", external_id="DRAFT", publish=False)
    indexing.rebuild("courses")
    return courses


def test_thai_query_with_colloquial_word_finds_the_ev_course(catalogue_data):
    result = run(q="ซ่อมมอไซค์ไฟฟ้า")
    assert ids(result)[0] == "EV-MC-101"
    assert "DRAFT" not in ids(result), "a draft is never searchable"


@pytest.mark.parametrize("query,expected", [
    ("มอไซค์", {"EV-MC-101", "MC"}),  # title says จักรยานยนต์; synonyms expanded at query time
    ("motorbike", {"EV-MC-101", "MC"}),
    ("อีวี", {"EV-MC-101"}),  # EV / อีวี / ไฟฟ้า
    ("แปลง", {"EV-MC-101"}),  # title says ดัดแปลง
    ("welding", {"WELD"}),
])
def test_synonyms_are_expanded_at_query_time(catalogue_data, query, expected):
    assert expected <= set(ids(run(q=query)))


def test_segmentation_matches_a_word_inside_a_thai_compound(catalogue_data):
    assert thai.segment("ซ่อม") == ["ซ่อม"]
    found = set(ids(run(q="ซ่อม")))
    assert {"EV-MC-101", "BAT", "MC"} <= found and "WELD" not in found


def test_typos_are_tolerated_in_latin_text_only(catalogue_data):
    assert "WELD" in ids(run(q="weldng"))
    assert "BAT" in ids(run(q="baterry"))
    # an edit inside a Thai word changes the word: no fuzziness there
    body = cat.build_body(cat.CatalogueQuery(q="เชื่อน"))
    assert "fuzziness" not in str(body)


def test_facet_counts_and_filters(catalogue_data):
    result = run()
    assert result.count == 4
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert facets["category"] == {"ev-motorcycle": 2, "small-engine": 2}
    assert facets["district"] == {"4001": 1, "4010": 1, "4012": 1, "4005": 1}
    assert facets["provider"] == {"ipc5": 2, "kk-tech": 2}
    assert facets["funding"] == {"free": 2, "sponsored": 1, "paid": 1}
    assert sum(facets["month"].values()) == 4
    filtered = run(category="ev-motorcycle")
    assert set(ids(filtered)) == {"EV-MC-101", "BAT"}
    # a facet's own counts ignore its own filter (so other categories stay choosable) but obey the others
    by_cat = {v.value: v.count for v in filtered.facets["category"]}
    assert by_cat == {"ev-motorcycle": 2, "small-engine": 2}
    assert {v.value: v.count for v in filtered.facets["provider"]} == {"ipc5": 2}
    assert ids(run(district="4012")) == ["WELD"]
    assert set(ids(run(funding="free"))) == {"EV-MC-101", "MC"}


def test_sort_by_start_date_and_distance(catalogue_data):
    assert ids(run(sort="start")) == ["MC", "BAT", "EV-MC-101", "WELD"]
    near_phon = run(sort="distance", near="4012")
    assert ids(near_phon)[0] == "WELD" and near_phon.hits[0].distance_km == 0
    distances = [h.distance_km for h in near_phon.hits]
    assert distances == sorted(distances)


def test_highlight_marks_query_words_and_synonyms(catalogue_data):
    hit = run(q="มอไซค์").hits[0]
    assert "จักรยานยนต์</mark>" in hit.highlight_title
    assert cat.highlight("<b>ซ่อม</b>", ["ซ่อม"]) == "&lt;b&gt;<mark>ซ่อม</mark>&lt;/b&gt;"


def test_suggestions_match_a_half_typed_last_word(catalogue_data):
    assert "EV-MC-101" in [s["external_id"] for s in cat.suggest("ซ่อมมอ")]
    assert [s["external_id"] for s in cat.suggest("weld")] == ["WELD"]


def test_suggest_endpoint_returns_json(catalogue_data, client):
    response = client.get("/search/suggest/", {"q": "แบต"})
    assert response.status_code == 200
    assert "BAT" in [s["external_id"] for s in response.json()["suggestions"]]


def test_api_shape_and_openapi(catalogue_data, client):
    response = client.get("/api/courses/search", {"q": "ซ่อมมอไซค์ไฟฟ้า", "district": "4001"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and not data["degraded"]
    first = data["results"][0]
    assert {"external_id", "title_th", "title_en", "url", "score", "next_cohort"} <= set(first)
    assert first["external_id"] == "EV-MC-101" and first["url"].startswith("/courses/")
    assert first["next_cohort"]["trainee_fee_thb"] == "0.00" and first["next_cohort"]["seats_left"] == 20
    assert set(data["facets"]) == {"category", "district", "provider", "funding", "month"}
    schema = client.get("/api/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/courses/search"]["get"]["parameters"]}
    assert {"q", "district", "category", "page"} <= params


@pytest.mark.parametrize("params,fragment", [
    ({"district": "9999"}, "อำเภอ"), ({"district": "40x1"}, "อำเภอ"), ({"page": "0"}, "หน้า"),
    ({"page": "abc"}, "หน้า"), ({"sort": "price"}, "เรียง"), ({"month": "2027-13"}, "เดือน"),
    ({"funding": "cheap"}, "ค่าเรียน"), ({"sort": "distance"}, "อำเภอ"),
])
def test_forged_parameters_get_a_clear_thai_error_never_a_500(catalogue_data, client, params, fragment):
    api = client.get("/api/courses/search", params)
    assert api.status_code == 400 and fragment in api.json()["error"]
    page = client.get("/courses/", params)
    assert page.status_code == 400 and fragment in page.content.decode()


def test_english_error_when_the_user_chose_english(catalogue_data, client):
    client.cookies["django_language"] = "en"
    response = client.get("/api/courses/search", {"district": "9999"})
    assert response.status_code == 400 and "district" in response.json()["error"].lower()
    page = client.get("/en/courses/", {"district": "9999"})
    assert page.status_code == 400 and "Invalid district code" in page.content.decode()
    english = client.get("/en/courses/").content.decode()
    assert "Starts" in english and 'href="/en/courses/' in english and "EV motorcycle repair" in english


def test_catalogue_page_renders_results_facets_and_highlights(catalogue_data, client):
    response = client.get("/courses/", {"q": "ซ่อมมอไซค์ไฟฟ้า"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ช่าง<mark>ซ่อม</mark><mark>รถจักรยานยนต์</mark><mark>ไฟฟ้า</mark>" in html
    assert 'data-facet="district"' in html and "เรียนฟรี" in html
    assert "ระบบค้นหาขัดข้อง" not in html


def test_pagination(catalogue_data, client):
    for n in range(9):
        make_course(title=f"หลักสูตรซ่อมเพิ่ม {n}", external_id=f"EXTRA-{n}")
    indexing.rebuild("courses")
    first, second = run(page=1), run(page=2)
    assert first.count == 13 and len(first.hits) == 10 and len(second.hits) == 3
    assert not set(ids(first)) & set(ids(second))
    html = client.get("/courses/", {"page": "2"}).content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html


@pytest.mark.django_db
def test_es_down_lists_courses_from_the_database_with_a_notice(client, search_clean, reference_data):
    ev = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", external_id="EV-MC-101", district="4001")
    weld = make_course(title="ช่างเชื่อมโลหะ", external_id="WELD", district="4012")
    make_course(title="ร่างหลักสูตร", external_id="DRAFT", publish=False)
    from elasticsearch.dsl import connections

    try:
        with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9", ELASTICSEARCH_TIMEOUT=1):
            page = client.get("/courses/")
            html = page.content.decode()
            assert page.status_code == 200
            assert "ระบบค้นหาขัดข้องชั่วคราว" in html
            assert "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า" in html and "ช่างเชื่อมโลหะ" in html and "ร่างหลักสูตร" not in html
            filtered = client.get("/courses/", {"q": "มอไซค์", "district": "4001"}).content.decode()
            assert f'href="{ev.url}"' in filtered and f'href="{weld.url}"' not in filtered
            api = client.get("/api/courses/search", {"q": "เชื่อม"})
            assert api.status_code == 200
            assert api.json()["degraded"] is True
            assert [r["external_id"] for r in api.json()["results"]] == ["WELD"]
            assert client.get("/search/suggest/", {"q": "ซ่อม"}).json() == {"suggestions": []}
    finally:
        connections.add_connection("default", get_client())


def test_course_page_has_json_ld_opengraph_and_sitemap(catalogue_data, client):
    import json
    import re

    course = catalogue_data["EV-MC-101"]
    html = client.get(course.url).content.decode()
    assert '<meta property="og:title" content="ช่างซ่อมรถจักรยานยนต์ไฟฟ้าและดัดแปลงรถน้ำมันเป็นไฟฟ้า">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Course" and data["courseCode"] == "EV-MC-101"
    instance = data["hasCourseInstance"][0]
    assert instance["@type"] == "CourseInstance" and instance["offers"]["price"] == "0.00"
    sitemap = client.get("/sitemap.xml").content.decode()
    assert course.url in sitemap and "/draft" not in sitemap.lower()


def test_index_holds_only_live_courses_with_cohort_facts(catalogue_data):
    source = get_client().get(index=indexing.write_targets("courses")[0], id=str(catalogue_data["BAT"].pk)).body
    doc = source["_source"]
    assert doc["funding"] == ["sponsored"] and doc["min_trainee_fee_satang"] == 200000
    assert doc["districts"] == ["4010"] and doc["next_cohort"]["trainee_fee_thb"] == "2000.00"
    assert District.objects.count() == 26 and Provider.objects.filter(slug="ipc5").exists()


def test_admin_index_freshness_report(catalogue_data, admin_client):
    from django.urls import reverse

    html = admin_client.get(reverse("search_freshness")).content.decode()
    assert "courses" in html and "ตรงกัน" in html
    make_course(title="หลักสูตรใหม่ยังไม่ได้ซิงก์", external_id="NEW")  # no worker here: the index lags
    html = admin_client.get(reverse("search_freshness")).content.decode()
    assert "ต่างกัน 5 vs 4" in html


def test_home_page_shows_featured_courses_next_intakes_and_partners(catalogue_data, client):
    course = catalogue_data["EV-MC-101"]
    course.featured = True
    course.save_revision().publish()
    html = client.get("/").content.decode()
    assert "หลักสูตรแนะนำ" in html and course.url in html
    assert "รุ่นที่จะเริ่มเร็ว ๆ นี้" in html and "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5" in html

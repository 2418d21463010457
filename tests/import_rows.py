"""Rows of the graduates and openings sheets that employers.imports reads, for tests of matching, employers and
pathways: `GRAD_HEADER + grad("G1") + grad("G2", age=17)` is a sheet a training centre could upload."""

from datetime import date, timedelta

from django.utils import timezone

GRAD_HEADER = ("external_id,full_name,birth_date,district_code,lat,lon,max_commute_km,skills,certified_skills,"
               "graduated_on,available,discoverable\n")
OPEN_HEADER = ("external_id,employer,title,district_code,lat,lon,radius_km,required_skills,nice_skills,hazardous,"
               "wage_min_thb,wage_max_thb,wage_unit,positions\n")
BAN_PHAI = (16.0600, 102.7310)  # the Ban Phai district town (data/khon_kaen_districts.csv)


def _born(age: int) -> str:
    return date(timezone.localdate().year - age, 1, 1).isoformat()


def grad(ext, *, age=22, district="4010", lat="", lon="", commute=30, skills="ev.battery.safety:2",
         certified="", graduated=None, available="true", discoverable="true"):
    """One graduate row; by default a 22-year-old in Ban Phai with battery safety at level 2, findable."""
    graduated = graduated or (timezone.localdate() - timedelta(days=30)).isoformat()
    return (f"{ext},ชื่อ {ext},{_born(age)},{district},{lat},{lon},{commute},{skills},{certified},{graduated},"
            f"{available},{discoverable}\n")


def opening(ext, *, required="ev.battery.safety:1", nice="", hazardous="false", radius=50, district="4010",
            lat=BAN_PHAI[0], lon=BAN_PHAI[1]):
    """One opening row of the Ban Phai EV shop; by default 50 km around the town, battery safety level 1."""
    return (f"{ext},ร้านบ้านไผ่อีวี,ช่างซ่อมแบตเตอรี่,{district},{lat},{lon},{radius},{required},{nice},{hazardous},"
            "400,600,day,1\n")

"""Pathways from the command line, the same data as the API:
`manage.py pathways --trainee REF [--json]` (nearby work ↔ courses), `manage.py pathways --opening REF [--json]`
(courses for every required skill), both together (courses for what that trainee lacks for that opening)."""

import json

from django.core.management.base import BaseCommand, CommandError

from employers.models import Opening
from search import pathways
from trainees.models import TraineeProfile


class Command(BaseCommand):
    help = "Courses that lead to jobs: for a trainee (nearby work), an opening (its skills) or both."

    def add_arguments(self, parser):
        parser.add_argument("--trainee", help="the trainee's external_id")
        parser.add_argument("--opening", help="the opening's external_id")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if not options["trainee"] and not options["opening"]:
            raise CommandError("give --trainee REF, --opening REF or both")
        trainee = opening = None
        if options["trainee"]:
            trainee = TraineeProfile.objects.select_related("district").filter(external_id=options["trainee"]).first()
            if trainee is None:
                raise CommandError(f"no trainee with external_id {options['trainee']!r}")
        if options["opening"]:
            opening = Opening.objects.filter(external_id=options["opening"], status=Opening.Status.OPEN).first()
            if opening is None:
                raise CommandError(f"no open opening with external_id {options['opening']!r}")
        if opening is not None:
            result = pathways.opening_pathways(opening, trainee=trainee)
            if options["json"]:
                return self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            self.stdout.write(f"opening {result.opening}: {len(result.missing)} missing skill(s)")
            if result.message_th:
                self.stdout.write(f"  {result.message_th} / {result.message_en}")
            for gap in result.missing:
                self.stdout.write(f"- {gap.code} (level {gap.level}) {gap.name_th}")
                self._courses(gap.courses)
            return None
        result = pathways.youth_pathways(trainee)
        if options["json"]:
            return self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        self.stdout.write(f"trainee {result.trainee}: {result.positions_nearby} open position(s) within "
                          f"{result.commute_km} km")
        for reason in result.reasons:
            self.stdout.write(f"  - {reason}")
        self._courses(result.courses)
        return None

    def _courses(self, courses):
        for course in courses:
            extra = f"  {course.positions} position(s)" if course.positions else ""
            self.stdout.write(f"    {course.course}  {course.title_th}{extra}")
            for reason in course.reasons:
                self.stdout.write(f"       - {reason}")
            for c in course.cohorts[:3]:
                seats = "FULL" if c.full else f"{c.seats_left} seats left"
                self.stdout.write(f"       · {c.start_date} {c.district_name_en} {c.distance_km} km, {seats}, "
                                  f"pays {c.trainee_fee_thb} THB")

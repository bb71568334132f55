from django.core.management.base import BaseCommand

from sangtao.core import clock
from sangtao.outreach.services import national_days_ensure


class Command(BaseCommand):
    help = "Create the yearly national days (18/5 and 1/10) of the given years; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, years, **options):
        for year in years or [clock.today().year]:
            events = national_days_ensure(year=year)
            self.stdout.write(f"{year}: {', '.join(e.title for e in events)}")

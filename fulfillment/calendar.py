"""Business days in Asia/Jakarta: what a delivery promise counts.

A business day is Monday to Friday that is neither an Indonesian national holiday nor a joint
leave day (cuti bersama; `holidays` category "government"), nor a closure an admin recorded
(`NonWorkingDay`, e.g. a decree that moves a holiday). Couriers do run on some Saturdays, but a
promise we can keep counts only days when sellers, the hub and every carrier certainly work.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WIB = ZoneInfo("Asia/Jakarta")


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> frozenset[date]:
    calendar = holidays.Indonesia(years=[year], categories=("public", "government"))
    return frozenset(calendar.keys())


def _extra_closures() -> frozenset[date]:
    from .config import shipping_config

    return shipping_config().closures


class BusinessCalendar:
    """Answers business-day questions; admin closures come from the cached configuration."""

    def __init__(self, extra_closures: frozenset[date] | None = None) -> None:
        self.extra = _extra_closures() if extra_closures is None else extra_closures

    def is_business_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        return day not in _national_holidays(day.year) and day not in self.extra

    def next_business_day(self, day: date) -> date:
        """`day` itself when it is a business day, else the next one."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def add_business_days(self, day: date, count: int) -> date:
        """`count` business days after `day` (which is first moved to a business day)."""
        day = self.next_business_day(day)
        for _ in range(count):
            day = self.next_business_day(day + timedelta(days=1))
        return day

    def business_days_between(self, start: date, end: date) -> int:
        """Business days after `start` up to and including `end` (negative when end < start)."""
        if end < start:
            return -self.business_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_business_day(day):
                count += 1
        return count


def local(moment: datetime) -> datetime:
    return moment.astimezone(WIB)


def handling_start_day(calendar: BusinessCalendar, moment: datetime, cutoff_hour: int) -> date:
    """The business day on which an order paid at `moment` starts being handled.

    Paid on a business day before the cut-off hour (WIB): that day. Otherwise the next business day.
    """
    wib = local(moment)
    day = wib.date()
    if calendar.is_business_day(day) and wib.hour < cutoff_hour:
        return day
    return calendar.next_business_day(day + timedelta(days=1))


def ship_by_date(
    calendar: BusinessCalendar, moment: datetime, *, handling_days: int, cutoff_hour: int
) -> date:
    """The last business day a seller may hand the parcel to the carrier."""
    start = handling_start_day(calendar, moment, cutoff_hour)
    return calendar.add_business_days(start, handling_days)


def ship_by_deadline(
    calendar: BusinessCalendar, moment: datetime, *, handling_days: int, cutoff_hour: int
) -> datetime:
    """The moment (WIB) by which the parcel must be with the carrier: the cut-off hour of the
    ship-by date, because a parcel handed over after the carrier's daily pickup leaves a day late."""
    day = ship_by_date(calendar, moment, handling_days=handling_days, cutoff_hour=cutoff_hour)
    return datetime.combine(day, time(hour=min(max(cutoff_hour, 1), 23)), tzinfo=WIB)


def promised_delivery_date(
    calendar: BusinessCalendar,
    moment: datetime,
    *,
    handling_days: int,
    cutoff_hour: int,
    transit_days: int,
) -> date:
    """Ship-by date plus the service's transit time, all in business days (WIB)."""
    shipped = ship_by_date(calendar, moment, handling_days=handling_days, cutoff_hour=cutoff_hour)
    return calendar.add_business_days(shipped, transit_days)

"""iCalendar (.ics) files of each year's deadlines, byte-for-byte the same for the same data."""

from __future__ import annotations

import datetime

from icalendar import Alarm, Calendar, Event

from generator.links import urls
from generator.site.deadlines import Deadline, deadlines_of_year
from generator.data.model import Data

UID_DOMAIN = "deadlines.gx-jxjy"
REMINDER_DAYS = 7


def stamp_of_year(data: Data, year: int) -> datetime.datetime:
    """A fixed DTSTAMP from the data: the date of the year's notice (or 1 January of the year)."""
    notice = data.notices.get(year)
    day = datetime.date.fromisoformat(notice["document"]["date"]) if notice else datetime.date(year, 1, 1)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def event(deadline: Deadline, stamp: datetime.datetime, site_url: str) -> Event:
    day = datetime.date.fromisoformat(deadline.date)
    item = Event()
    item.add("uid", f"{deadline.key}@{UID_DOMAIN}")
    item.add("dtstamp", stamp)
    item.add("dtstart", day)
    item.add("dtend", day + datetime.timedelta(days=1))
    item.add("summary", f"截止：{deadline.description}")
    item.add("description", f"{deadline.who}，{deadline.printed}。出处：{deadline.citation}")
    item.add("categories", [deadline.audience_name])
    item.add("transp", "TRANSPARENT")
    if site_url:
        item.add("url", f"{site_url.rstrip('/')}/{urls.page_url(deadline.page)}#{deadline.anchor}")
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("description", f"{REMINDER_DAYS} 天后截止：{deadline.description}")
    reminder.add("trigger", datetime.timedelta(days=-REMINDER_DAYS))
    item.add_component(reminder)
    return item


def calendar_of_year(data: Data, year: int, site_url: str = "") -> bytes:
    """The .ics file of one year's deadlines."""
    calendar = Calendar()
    calendar.add("prodid", "-//gx-jxjy//广西专业技术人员继续教育期限//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"广西专业技术人员继续教育 {year} 年期限")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    stamp = stamp_of_year(data, year)
    for deadline in deadlines_of_year(data, year):
        calendar.add_component(event(deadline, stamp, site_url))
    return bytes(calendar.to_ical())


def calendar_years(data: Data) -> list[int]:
    """The years that get a calendar file: every year with a notice or a pilot list."""
    return sorted({*data.notices, *data.pilot_units})


def calendar_files(data: Data, site_url: str = "") -> dict[str, bytes]:
    """Path in the built site → .ics content, for every year."""
    return {urls.calendar_file(year): calendar_of_year(data, year, site_url) for year in calendar_years(data)}

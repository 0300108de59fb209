"""HL7 v2.x ORU^R01 result messages (one or several in a file), read with the ``hl7`` package.

The character set is the one MSH-18 names (HL7 table 0211); an empty MSH-18 means ASCII, as the
standard says. Bytes that do not decode in the named set refuse the message, never guessed.

Read per message: MSH-10 (message control id), PID-3 (the first identifier, or the one of type
MR where several are sent; component 4 is its assigning authority), PID-5 (name, shown only),
PID-7 (birth date), PID-8 (sex); per OBX: OBX-3 (code^text^system, and the alternate code^text^system
in components 4–6), OBX-5 (value; for SN only a plain ``^number``), OBX-6 (unit), OBX-7 (range),
OBX-11 (status) and OBX-14 (collection time; OBR-7 of the order where OBX-14 is empty).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from ..core.errors import InputError
from ..core.lab_results import LabResult, PatientIdentity, ResultFile
from ..i18n import N_, _

#: HL7 table 0211 character sets this reader decodes, and the Python codec of each.
CHARACTER_SETS: dict[str, str] = {
    "": "ascii",
    "ASCII": "ascii",
    "8859/1": "latin-1",
    "UNICODE UTF-8": "utf-8",
    "GB 18030-2000": "gb18030",
}

#: OBX-11 result status → the status words the core uses.
RESULT_STATUS: dict[str, str] = {
    "F": "final",
    "C": "corrected",
    "P": "preliminary",
    "X": "cancelled",  # results cannot be obtained for this observation
    "D": "entered-in-error",  # deletes the OBX record
    "W": "entered-in-error",  # post original as wrong, e.g. transmitted for the wrong patient
}

SEXES = {"F": "female", "M": "male"}

_DTM = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})?(\d{2})?(?:\.\d+)?)?([+-]\d{4})?$")
_SEGMENT_END = re.compile(rb"\r\n|\n|\r")


def _split_messages(raw: bytes, file_name: str) -> list[bytes]:
    """Segments one per line (CR, LF or CRLF); a new message at each MSH; batch headers dropped."""
    messages: list[list[bytes]] = []
    for segment in _SEGMENT_END.split(raw.lstrip(b"\xef\xbb\xbf")):
        if not segment.strip():
            continue
        if segment[:3] in (b"FHS", b"BHS", b"BTS", b"FTS"):
            continue
        if segment[:3] == b"MSH":
            messages.append([])
        if not messages:
            raise InputError([_("{file}: does not start with an MSH segment", file=file_name)])
        messages[-1].append(segment)
    return [b"\r".join(m) for m in messages]


def _charset(message: bytes, number: int, file_name: str) -> str:
    msh = message.split(b"\r", 1)[0]
    separator = msh[3:4]
    fields = msh.split(separator)
    declared = fields[17].split(b"~")[0].decode("ascii", "replace").strip() if len(fields) > 17 else ""
    codec = CHARACTER_SETS.get(declared)
    if codec is None:
        raise InputError([_("{file}: message {number}: MSH-18 character set {declared} is not supported "
                            "(supported: {supported})", file=file_name, number=number, declared=repr(declared),
                            supported=", ".join(repr(k) for k in CHARACTER_SETS))])
    return codec


def _get(segment, field: int, repeat: int = 1, component: int = 1) -> str | None:
    try:
        text = segment.extract_field(field_num=field, repeat_num=repeat, component_num=component)
    except (IndexError, KeyError):
        return None
    text = str(text).strip()
    return text or None


def _datetime(text: str | None) -> datetime | date | None:
    if not text:
        return None
    match = _DTM.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        tz = None
        if offset:
            sign = 1 if offset[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
        return datetime(int(year), int(month), int(day), int(hour), int(minute or 0), int(second or 0), tzinfo=tz)
    except ValueError:
        return None


def _patient(pid) -> PatientIdentity:
    chosen = 1
    repeat = 1
    while _get(pid, 3, repeat) is not None or _get(pid, 3, repeat, 5) is not None:
        if _get(pid, 3, repeat, 5) == "MR":
            chosen = repeat
            break
        repeat += 1
    born = _datetime(_get(pid, 7))
    parts = [p for p in (_get(pid, 5, 1, 1), _get(pid, 5, 1, 2)) if p]
    name = ("" if all(not c.isascii() for c in "".join(parts)) else " ").join(parts) or None
    return PatientIdentity(
        identifier=_get(pid, 3, chosen),
        authority=_get(pid, 3, chosen, 4),
        birth_date=born.date() if isinstance(born, datetime) else born,
        sex=SEXES.get(_get(pid, 8) or ""),
        name=name,
    )


def _range(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    text = text.strip()
    match = re.match(r"^(\d+(?:\.\d+)?)\s*[-–~]\s*(\d+(?:\.\d+)?)$", text)
    if match:
        return match.group(1), match.group(2)
    match = re.match(r"^(<=?|≤)\s*(\d+(?:\.\d+)?)$", text)
    if match:
        return None, match.group(2)
    match = re.match(r"^(>=?|≥)\s*(\d+(?:\.\d+)?)$", text)
    if match:
        return match.group(2), None
    return None, text  # as sent: the core refuses a high limit that is not a number


def _value(obx) -> str | None:
    kind = _get(obx, 2)
    if kind == "SN":
        comparator, number = _get(obx, 5, 1, 1), _get(obx, 5, 1, 2)
        if comparator is None and number is not None and _get(obx, 5, 1, 3) is None:
            return number
        return str(obx.extract_field(field_num=5)) or None
    return _get(obx, 5)


def _message_results(message, file_name: str, number: int) -> tuple[str, list[LabResult]]:
    msh = message.segment("MSH")
    control_id = _get(msh, 10) or _("message {number} (no MSH-10)", number=number)
    try:
        pid = message.segment("PID")
    except KeyError:
        raise InputError([_("{file}: message {message}: no PID segment, so the patient is unknown", file=file_name,
                            message=control_id)]) from None
    patient = _patient(pid)
    results: list[LabResult] = []
    order_time = None
    count = 0
    for segment in message:
        kind = str(segment[0])
        if kind == "OBR":
            order_time = _datetime(_get(segment, 7))
        if kind != "OBX":
            continue
        count += 1
        status_sent = _get(segment, 11) or ""
        collected = _datetime(_get(segment, 14)) or order_time
        alternate = (_get(segment, 3, 1, 4), _get(segment, 3, 1, 6), _get(segment, 3, 1, 5))
        results.append(LabResult(
            code=_get(segment, 3) or "",
            system=_get(segment, 3, 1, 3),
            name=_get(segment, 3, 1, 2),
            value=_value(segment),
            unit=_get(segment, 6) or _get(segment, 6, 1, 2),
            range_low=_range(_get(segment, 7))[0],
            range_high=_range(_get(segment, 7))[1],
            range_unit=None,
            collected=collected,
            status=RESULT_STATUS.get(status_sent, status_sent or N_("no status")),  # translated where shown
            status_sent=status_sent or _("(none)"),
            patient=patient,
            source=f"{file_name} MSH-10 {control_id}, OBX {_get(segment, 1) or count}",
            local_codes=(alternate,) if alternate[0] else (),
        ))
    return control_id, results


def parse_hl7(raw: bytes, file_name: str) -> ResultFile:
    import hl7

    ids: list[str] = []
    results: list[LabResult] = []
    for number, message_bytes in enumerate(_split_messages(raw, file_name), start=1):
        codec = _charset(message_bytes, number, file_name)
        try:
            text = message_bytes.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError([_("{file}: message {number} is not valid {codec} text as its MSH-18 says (byte {byte})",
                                file=file_name, number=number, codec=codec, byte=exc.start)]) from None
        try:
            message = hl7.parse(text)
        except Exception as exc:  # the hl7 package raises several kinds on malformed text
            raise InputError([_("{file}: message {number} is not a readable HL7 v2 message ({why})", file=file_name,
                                number=number, why=exc)]) from None
        kind = f"{_get(message.segment('MSH'), 9, 1, 1)}^{_get(message.segment('MSH'), 9, 1, 2)}"
        if kind != "ORU^R01":
            raise InputError([_("{file}: message {number} is {kind}, not a result message ORU^R01", file=file_name,
                                number=number, kind=kind)])
        control_id, found = _message_results(message, file_name, number)
        ids.append(f"MSH-10 {control_id}")
        results.extend(found)
    return ResultFile(file_name, "HL7 v2", tuple(ids), tuple(results))

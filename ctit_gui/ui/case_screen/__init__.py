"""The case screen: one patient's case as the clinician works on it. The patient header, the patient
and trial panel, the labs panel, the eligibility criteria (table model and view), the 14-day dosing
calendar (table model and view), the banners of the plan's events and the platelet trend chart, with
the form's state as typed (``case_form``) and what the window reads from a protocol (``protocol_info``),
both without Qt. Every result shown comes from the core; nothing here decides one."""

"""The clinic visit of issue #21: eight steps, four roles, durations in the step text."""

from __future__ import annotations

CLINIC_STEPS = """\
1. Receptionist: Register the patient (5 min)
2. Nurse: Measure the vital signs of the patient (10 min)
3. Physician: Examine the patient using the vital signs (15 min)
4. Physician: Write the prescription for the patient (5 min)
5. Pharmacist: Dispense the medication per the prescription (10 min)
6. Billing clerk: Generate the insurer invoice for the patient (5 min)
7. Billing clerk: Send the invoice to the insurer (5 min)
8. Receptionist: Schedule the follow-up appointment for the patient (5 min)
"""
"""As-is (every step in turn) 60 min; to be: 45 min along register → measure → examine →
write → dispense, with invoicing (10 min) and scheduling (5 min) beside write → dispense."""

"""The described categories analyze_coexistence classes tasks into: data, not code.

Each category has a description and example tasks. A task is embedded and compared with every
example (and description); its nearest ones decide (see `_meaning`). The examples come from
other fields than the ones the acceptance evaluation uses (HR, finance, logistics, retail,
legal, property, manufacturing, care), so that evaluation measures generalisation. Change the
examples here, and bump `VERSION`, to change what the classifier knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

VERSION: Final = "2026-12-1"


@dataclass(frozen=True, slots=True)
class Category:
    """One class: what it means, and tasks a practitioner would put in it."""

    classification: str
    description: str
    examples: tuple[str, ...]


CATEGORIES: Final = (
    Category(
        "automate",
        "Rule-based work on records in a system that software does reliably end to end: "
        "entering, copying, matching, validating, calculating, routing, scheduling, notifying, "
        "paying and filing.",
        (
            "Copy the employee's new address into the payroll system",
            "Email the candidate a confirmation of the interview time",
            "Calculate the sales tax on the order",
            "Reconcile the bank statement with the ledger",
            "Generate the monthly payslips",
            "Update the stock level when the shipment leaves the warehouse",
            "Check that the order total matches the quote",
            "Validate the postcode against the address database",
            "Forward the form to the team that handles its region",
            "Archive closed case files after seven years",
            "Look up the customer's account number",
            "Export the timesheets to the payroll provider",
            "Notify the manager when a leave request is submitted",
            "Print the shipping label",
            "Create the new hire's account in the staff directory",
            "Renew the software licences that expire this month",
            "Refund the amount to the customer's card",
            "Record the delivery date in the tracking system",
            "Convert the uploaded scans to PDF",
            "Post the journal entries to the general ledger",
            "Send the overdue rent reminder",
            "Import the price list from the wholesaler's spreadsheet",
        ),
    ),
    Category(
        "assist",
        "Knowledge work an assistant can prepare and a person finishes: drafting, summarising, "
        "researching, analysing, estimating, assessing risk, diagnosing problems and suggesting "
        "options, which a person reviews and owns.",
        (
            "Draft the job description for the vacancy",
            "Summarise the customer's complaint history",
            "Research market pay rates for the role",
            "Analyse why sales dropped in the northern region",
            "Prepare the agenda for the quarterly review",
            "Review the expense report for unusual items",
            "Estimate the effort for the software project",
            "Shortlist candidates from the applications",
            "Propose delivery routes for the drivers",
            "Write the first version of the user manual",
            "Assess the credit risk of a new customer",
            "Sort incoming letters by topic",
            "Translate the product description for the French site",
            "Investigate the cause of the stock discrepancy",
            "Recommend training courses for the team",
            "Compose a reply to the tenant's maintenance request",
            "Spot contract clauses that differ from our standard terms",
            "Plan the staff rota for next month",
            "Troubleshoot why the packing machine keeps stopping",
            "Tidy up the meeting notes into minutes",
        ),
    ),
    Category(
        "keep-human",
        "Work that needs a person: accountable decisions and approvals, signatures and "
        "commitments, negotiation, hands-on physical work, and personal contact where empathy "
        "or trust matters.",
        (
            "Approve the annual budget",
            "Authorise writing off the bad debt",
            "Sign the lease agreement",
            "Decide which candidate to hire",
            "Negotiate the salary with the candidate",
            "Conduct the job interview",
            "Tell the employee that their role is being made redundant",
            "Comfort the grieving customer",
            "Repair the broken conveyor belt",
            "Load the pallets onto the truck",
            "Inspect the building site for safety hazards",
            "Meet the client to present the proposal",
            "Rule on the employee's appeal",
            "Give evidence at the tribunal hearing",
            "Mentor the new team member",
            "Hand the keys over to the new tenant",
            "Grant an exception to the refund policy",
            "Take responsibility for the audit opinion",
            "Help the elderly resident get dressed",
            "Settle the disagreement between two team leads",
        ),
    ),
)
"""automate / assist / keep-human, in the order ties are broken."""

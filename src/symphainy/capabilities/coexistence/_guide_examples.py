"""What people ask for each intent: example questions the guide routes by, as data.

An intent's description (from the registry) says what it does; these say how a user asks for
it. The guide compares a message with both. `PLUMBING` intents (sign-in, tokens, the guide's
own machinery, administration) are matched on their example questions only, never on their
descriptions, so a data question never lands on them because it shares a word ("check",
"validate", "user") with their descriptions.
"""

from __future__ import annotations

from typing import Final

EXAMPLES: Final[dict[str, tuple[str, ...]]] = {
    "ingest_file": ("How do I upload a file?", "Add my spreadsheet to the platform"),
    "save_materialization": ("Keep the file I just uploaded", "Confirm and save my upload"),
    "parse_content": ("Parse my CSV into a table", "Read the contents of my uploaded document"),
    "get_parsed_file": ("Show me the parsed rows of my file", "Read back the parsed document"),
    "list_artifacts": ("List my files and results", "What is stored in my workspace?"),
    "archive_file": ("Archive a file I no longer need", "Soft delete an old file"),
    "delete_file": ("Delete a file and everything made from it", "Erase my data"),
    "search_content": ("Search my documents for a phrase", "Which files talk about pricing?"),
    "extract_embeddings": ("Compute semantic vectors of my data", "Embed my document"),
    "create_deterministic_embeddings": ("Fingerprint the schema of my tables",),
    "retrieve_artifact_metadata": ("Show the metadata of this artifact",),
    "assess_data_quality": (
        "How good is the quality of my data?",
        "Is my data complete and valid?",
        "Find errors, gaps and outliers in my table",
    ),
    "analyze_structured_data": (
        "Give me descriptive statistics of my table",
        "Which columns are correlated?",
    ),
    "analyze_unstructured_data": (
        "What are the key phrases in this document?",
        "Analyse the text of my report",
    ),
    "extract_structured_data": ("Extract fields from this form into a record",),
    "interpret_data_guided": ("Check my file against our data model",),
    "interpret_data_self_discovery": ("What kind of data is in this file?",),
    "map_relationships": ("Find the keys that join my tables", "How are my tables related?"),
    "match_source_to_target": ("Which source column goes to which target column?",),
    "visualize_lineage": ("Show the history of this artifact", "What was this result built from?"),
    "create_workflow": ("Turn my SOP into a BPMN workflow", "Model my process as a diagram"),
    "generate_sop": ("Write an SOP document for my workflow",),
    "generate_sop_from_chat": ("Start an SOP from my requirements",),
    "sop_chat_message": ("Let me describe my procedure in a conversation",),
    "analyze_coexistence": (
        "Which tasks can AI do and which need people?",
        "What could we automate in this process?",
        "Where should humans stay in the loop?",
    ),
    "optimize_process": ("How do I improve my process?", "Where are the bottlenecks?"),
    "create_blueprint": ("Show the target state of my process with humans and AI",),
    "create_poc": ("Propose a pilot project for this", "Plan a proof of concept"),
    "generate_roadmap": ("Plan the work in phases", "Make a roadmap from our findings"),
    "create_solution": ("Turn this roadmap into a solution",),
    "synthesize_outcome": ("Summarise the results of my session",),
    "export_artifact": ("Export this result as a PDF", "Download my report as a file"),
    "introduce_platform": ("What is Symphainy?", "Where should I start?"),
    "show_solution_catalog": ("Which solutions are available?",),
    "navigate_to_solution": ("Open this solution",),
    "list_available_mcp_tools": ("What tools can an agent call?", "List every intent"),
    "get_system_health": ("Is the system healthy?", "How deep is the queue?"),
    "get_execution_metrics": ("How fast are the intents running?", "What is the success rate?"),
    "get_platform_statistics": ("How many users and executions are there?",),
    "get_code_examples": ("How do I call an intent from code?",),
    "get_documentation": ("Show the documentation of the intents",),
    "request_approval": ("Wait for someone to approve before continuing",),
    "authenticate_user": ("Sign in with my email and password", "Log in"),
    "check_email_availability": ("Is this email address already taken?", "Is my email free?"),
    "create_user_account": ("Sign up for an account", "Register a new user"),
    "refresh_session": ("Keep me logged in longer", "Extend my session token"),
    "terminate_session": ("Log out and end my session", "Sign out"),
    "validate_token": ("Validate a token", "Is my API key still valid?"),
    "validate_authorization": ("Does this user have the admin role?",),
    "validate_solution": ("Check a solution definition for errors",),
    "run_retention": ("Clean up old executions under the retention policy",),
}

PLUMBING: Final = frozenset(
    {
        "authenticate_user",
        "check_email_availability",
        "create_user_account",
        "refresh_session",
        "terminate_session",
        "validate_token",
        "validate_authorization",
        "validate_solution",
        "run_retention",
        "echo",
        "initiate_guide_agent",
        "process_guide_agent_message",
    }
)
"""Suggested only when a message is close to one of their own example questions."""

"""What the vault fills into the scripts besides the names: the age in the confidentiality script, from the
duty-to-report protocol the vault follows, and the organisation's own list of services for "Who I am".

The view adds the worker's, organisation's and interpreter's names; the consent script's blanks are said aloud.
"""

from __future__ import annotations

from desktop.core.consent import duty_to_report as reporting
from desktop.core.profile import work_profile


def age_the_client_is_told(protocol: reporting.Protocol) -> int:
    """The age under which the worker may have to report. Where the law lets a worker report older children too
    (Ontario: must under 16, may from 16 to 17), the client hears the upper age: saying 16 to a 17-year-old would
    promise a silence the worker cannot keep."""
    return max(protocol.must_report_under, protocol.may_report_under or 0)


def vault_values(db) -> dict[str, str]:
    """{'child_age': '19', 'services': '...'}; an empty value leaves its gap (or the hedged paragraph) in place."""
    return {"child_age": str(age_the_client_is_told(reporting.get_protocol(db))),
            "services": work_profile.services(db)}

from culture_portal.leadership.models.reports import MonthlyMailing, Report
from culture_portal.leadership.models.tallies import Tally, TallyState
from culture_portal.leadership.models.targets import Target

__all__ = ["MonthlyMailing", "Report", "Tally", "TallyState", "Target"]

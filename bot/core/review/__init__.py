"""The year-end review (meeting, self-assessments, grades) and exemption periods with their
renewals."""

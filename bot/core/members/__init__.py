"""Members and their branch: branches, invitations, registration, a member's own record
(``profile``) and the branch's settings."""

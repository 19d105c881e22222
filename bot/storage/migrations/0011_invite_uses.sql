-- How many people a member link is for. A new member link is for one person unless the officer
-- chose more; links handed out before this release keep working as they were (NULL: no count,
-- the branch's cap on waiting registrations still holds).
ALTER TABLE invites ADD COLUMN max_uses INTEGER CHECK (max_uses IS NULL OR max_uses >= 1);

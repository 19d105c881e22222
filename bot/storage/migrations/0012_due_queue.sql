-- When each planner should next look at a member or a branch, so that a tick reads only the
-- rows due by now (issue 19) instead of every member of every branch.
--
-- A row's time is never later than the first moment its planner could have something to do:
-- the planner writes the exact moment after it has looked, and the triggers below write ''
-- ("look at the next tick") whenever a change could bring that moment forward. No code path
-- has to remember to move it, and looking too early only costs a look. NULL: nothing will fall
-- due until something changes. Planner names are those in bot/core (PLANNER constants).
CREATE TABLE due_queue (
    planner    TEXT    NOT NULL,
    subject_id INTEGER NOT NULL,  -- a member for 'checkins', a branch for the others
    due_at     TEXT,
    PRIMARY KEY (planner, subject_id)
) WITHOUT ROWID;

CREATE INDEX due_queue_by_time ON due_queue (planner, due_at);

INSERT INTO due_queue (planner, subject_id, due_at) SELECT 'checkins', id, '' FROM members;
INSERT INTO due_queue (planner, subject_id, due_at)
    SELECT p.planner, b.id, '' FROM branches b CROSS JOIN (
        SELECT 'dues' AS planner UNION ALL SELECT 'exemptions' UNION ALL SELECT 'review'
        UNION ALL SELECT 'digest') p;

-- A member's check-ins are moved by their record (approval, pause, status, standing), their
-- answers, their prompts and their contacts.
CREATE TRIGGER due_member_added AFTER INSERT ON members BEGIN
    INSERT OR REPLACE INTO due_queue VALUES ('checkins', NEW.id, '');
END;
CREATE TRIGGER due_member_changed AFTER UPDATE ON members BEGIN
    INSERT OR REPLACE INTO due_queue VALUES ('checkins', NEW.id, '');
END;
CREATE TRIGGER due_member_removed AFTER DELETE ON members BEGIN
    DELETE FROM due_queue WHERE planner = 'checkins' AND subject_id = OLD.id;
END;
CREATE TRIGGER due_checkin_added AFTER INSERT ON checkins BEGIN
    INSERT OR REPLACE INTO due_queue VALUES ('checkins', NEW.member_id, '');
END;
CREATE TRIGGER due_checkin_removed AFTER DELETE ON checkins BEGIN
    UPDATE due_queue SET due_at = '' WHERE planner = 'checkins' AND subject_id = OLD.member_id;
END;
CREATE TRIGGER due_prompt_added AFTER INSERT ON checkin_prompts BEGIN
    INSERT OR REPLACE INTO due_queue VALUES ('checkins', NEW.member_id, '');
END;
CREATE TRIGGER due_prompt_changed AFTER UPDATE ON checkin_prompts BEGIN
    INSERT OR REPLACE INTO due_queue VALUES ('checkins', NEW.member_id, '');
END;
CREATE TRIGGER due_prompt_removed AFTER DELETE ON checkin_prompts BEGIN
    UPDATE due_queue SET due_at = '' WHERE planner = 'checkins' AND subject_id = OLD.member_id;
END;
CREATE TRIGGER due_contact_added AFTER INSERT ON contacts BEGIN
    INSERT OR REPLACE INTO due_queue VALUES ('checkins', NEW.member_id, '');
END;
-- Only on a real change: every message a person writes sets last_used_at and reachable = 1.
CREATE TRIGGER due_contact_changed AFTER UPDATE OF member_id, address, reachable ON contacts
WHEN OLD.member_id IS NOT NEW.member_id OR OLD.address IS NOT NEW.address
    OR OLD.reachable IS NOT NEW.reachable BEGIN
    INSERT OR REPLACE INTO due_queue VALUES ('checkins', NEW.member_id, '');
END;
CREATE TRIGGER due_contact_removed AFTER DELETE ON contacts BEGIN
    UPDATE due_queue SET due_at = '' WHERE planner = 'checkins' AND subject_id = OLD.member_id;
END;

-- A branch's daily, weekly and monthly rounds are moved by its settings and its review.
CREATE TRIGGER due_branch_added AFTER INSERT ON branches BEGIN
    INSERT OR REPLACE INTO due_queue VALUES ('dues', NEW.id, '');
    INSERT OR REPLACE INTO due_queue VALUES ('exemptions', NEW.id, '');
    INSERT OR REPLACE INTO due_queue VALUES ('review', NEW.id, '');
    INSERT OR REPLACE INTO due_queue VALUES ('digest', NEW.id, '');
END;
CREATE TRIGGER due_settings_added AFTER INSERT ON branch_settings BEGIN
    UPDATE due_queue SET due_at = '' WHERE planner != 'checkins' AND subject_id = NEW.branch_id;
    UPDATE due_queue SET due_at = '' WHERE planner = 'checkins'
        AND subject_id IN (SELECT id FROM members WHERE branch_id = NEW.branch_id);
END;
CREATE TRIGGER due_settings_changed AFTER UPDATE ON branch_settings BEGIN
    UPDATE due_queue SET due_at = '' WHERE planner != 'checkins' AND subject_id = NEW.branch_id;
    UPDATE due_queue SET due_at = '' WHERE planner = 'checkins'
        AND subject_id IN (SELECT id FROM members WHERE branch_id = NEW.branch_id);
END;
CREATE TRIGGER due_review_added AFTER INSERT ON reviews BEGIN
    UPDATE due_queue SET due_at = '' WHERE planner = 'review' AND subject_id = NEW.branch_id;
END;
CREATE TRIGGER due_review_changed AFTER UPDATE ON reviews BEGIN
    UPDATE due_queue SET due_at = '' WHERE planner = 'review' AND subject_id = NEW.branch_id;
END;

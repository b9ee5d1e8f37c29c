-- Where each pulled source (a platform's shop, the legacy CRM) has been read up to. A poll advances
-- its cursor only after every order of the window went through the intake, so a crash resumes there.
CREATE TABLE poll_cursors (
    source       varchar(100) PRIMARY KEY,
    cursor_value varchar(100) NOT NULL,
    updated_at   timestamptz  NOT NULL DEFAULT now()
);

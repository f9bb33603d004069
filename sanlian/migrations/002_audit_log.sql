-- Version 1 → 2: the audit log.
-- Append-only audit log (sanlian.audit only inserts): sign-ins, page views, exports, imports,
-- user changes. No unmasked personal data in `detail`.
create sequence if not exists audit_log_seq;
create table if not exists audit_log (
    event_id  bigint primary key default nextval('audit_log_seq'),
    "at"      timestamp not null,
    user_name varchar not null,
    event     varchar not null,
    page      varchar,
    detail    varchar
);

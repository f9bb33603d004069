-- Version 2 → 3: how each clerk's ledger layout was read.
-- How a clerk's ledger layout (its set of headers) was read last time: the ledger kind, columns the
-- clerk mapped by hand and facts supplied for the file; the next ledger of the same layout reuses
-- them. Written by sanlian.ingest.write.
create table if not exists import_layouts (
    layout   varchar primary key,
    kind     varchar not null,
    columns  varchar not null,
    supplied varchar not null,
    saved_at timestamp not null
);

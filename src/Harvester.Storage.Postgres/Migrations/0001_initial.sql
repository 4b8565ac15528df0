-- Harvester's store on PostgreSQL: the same records as the LiteDB file, with real transactions and concurrent users.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE sites (
    domain      text PRIMARY KEY,
    from_year   int NOT NULL,
    to_year     int NOT NULL,
    state       text NOT NULL,
    added_at    timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    requests    bigint NOT NULL DEFAULT 0
);
CREATE INDEX sites_state ON sites (state);

CREATE TABLE captures (
    url_key    text NOT NULL,
    timestamp  text NOT NULL,
    url        text NOT NULL,
    status     int,
    digest     text NOT NULL,
    PRIMARY KEY (url_key, timestamp, url)
);

CREATE TABLE lookups (
    lookup_key     text PRIMARY KEY,
    from_year      int NOT NULL,
    to_year        int NOT NULL,
    looked_up_at   timestamptz NOT NULL
);

-- Content-addressed by SHA-256, Brotli-compressed, stored once however often referenced.
CREATE TABLE payloads (
    sha256      text PRIMARY KEY,
    compressed  bytea NOT NULL,
    length      int NOT NULL
);

CREATE TABLE fetched_digests (
    digest           text PRIMARY KEY,
    sha256           text NOT NULL,
    status_code      int NOT NULL,
    content_type     text,
    redirect_target  text
);

CREATE TABLE versions (
    id                  serial PRIMARY KEY,
    site                text NOT NULL,
    number              int NOT NULL,
    policy_url          text NOT NULL,
    policy_timestamp    text NOT NULL,
    snapshot_url        text NOT NULL,
    home_timestamp      text NOT NULL,
    title               text NOT NULL,
    markdown            text NOT NULL,
    text_hash           text NOT NULL,
    sim_hash            bigint NOT NULL,
    near_duplicate_of   int,
    extractor_version   text NOT NULL,
    payload_sha256      text NOT NULL,
    charset             text,
    first_interval      text NOT NULL,
    last_interval       text NOT NULL,
    intervals           text[] NOT NULL,
    created_at          timestamptz NOT NULL,
    UNIQUE (site, number)
);
-- "The text contains TEXT", case-insensitive: trigram candidates, checked exactly by the program.
CREATE INDEX versions_site_hash ON versions (site, text_hash);
CREATE INDEX versions_markdown_trgm ON versions USING gin (markdown gin_trgm_ops);

CREATE TABLE intervals (
    site              text NOT NULL,
    interval          text NOT NULL,
    outcome           text NOT NULL,
    detail            text,
    home_timestamp    text,
    policy_url        text,
    policy_timestamp  text,
    version           int,
    requests          int NOT NULL,
    recorded_at       timestamptz NOT NULL,
    PRIMARY KEY (site, interval)
);
CREATE INDEX intervals_outcome ON intervals (outcome);

CREATE TABLE jobs (
    id                serial PRIMARY KEY,
    site              text NOT NULL,
    state             text NOT NULL,
    attempts          int NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL,
    lease_expires_at  timestamptz,
    lease_owner       text,
    last_error        text,
    last_error_kind   text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
-- The queue's order, for queued jobs only: leasing reads one index entry.
CREATE INDEX jobs_due ON jobs (next_attempt_at, id) WHERE state = 'queued';
CREATE INDEX jobs_leased ON jobs (lease_expires_at) WHERE state = 'leased';
CREATE INDEX jobs_state ON jobs (state);
CREATE INDEX jobs_site ON jobs (site, id);
CREATE INDEX jobs_failure_kind ON jobs (last_error_kind) WHERE last_error_kind IS NOT NULL;
CREATE INDEX jobs_done_at ON jobs (updated_at) WHERE state = 'done';
-- At most one queued or running job per site, whoever enqueues it.
CREATE UNIQUE INDEX jobs_one_active_per_site ON jobs (site) WHERE state IN ('queued', 'leased');

CREATE TABLE markers (
    name  text PRIMARY KEY,
    at    timestamptz NOT NULL
);

CREATE TABLE workers (
    id           text PRIMARY KEY,
    host         text NOT NULL,
    process_id   int NOT NULL,
    rate_group   text NOT NULL,
    state        text NOT NULL,
    in_flight    int NOT NULL,
    started_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    details      text NOT NULL
);

-- A rate group's archive budget, shared by every worker in it: the next free request slot per endpoint, and a pause
-- any worker that met a 429 or 503 with Retry-After sets for all.
CREATE TABLE rate_slots (
    rate_group    text NOT NULL,
    endpoint      text NOT NULL,
    next_free     timestamptz NOT NULL,
    paused_until  timestamptz,
    PRIMARY KEY (rate_group, endpoint)
);

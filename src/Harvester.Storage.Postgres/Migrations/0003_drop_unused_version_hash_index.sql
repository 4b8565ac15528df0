-- Nothing looks versions up by (site, text_hash): a site's versions are read by site through (site, number), and the
-- text hash is compared in the program. The index only cost every new version an insert.
DROP INDEX IF EXISTS versions_site_hash;

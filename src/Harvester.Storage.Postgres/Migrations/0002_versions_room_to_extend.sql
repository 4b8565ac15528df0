-- Extending a version (one more half-year with the same text) rewrites its row with a longer list of half-years. With
-- room left on the row's page, PostgreSQL writes the new row there as a heap-only tuple and touches no index: without
-- it, every extension inserted the whole Markdown into the trigram index again. Pages filled from now on keep half free.
ALTER TABLE versions SET (fillfactor = 50);

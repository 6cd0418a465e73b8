-- FTS5 merges a level of the search index once it holds 8 segments, not
-- 4: an import writes a segment per batch of 2000 tickets, and merging
-- them four at a time rewrote each document about five times over at a
-- million (log4 of 500 batches), 23 s of the writer's CPU in its commits;
-- eight at a time, about three times, 12 s. A search seeks each token in
-- every segment, so the index keeps more of them between merges; the
-- desk's upkeep (store.MergeSearch) merges them into one after an import
-- and every few minutes of trickling writes, as before.
INSERT INTO ticket_search (ticket_search, rank) VALUES ('automerge', 8);

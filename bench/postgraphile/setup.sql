-- PostGraphile's side of the benchmark set up the way its documentation recommends: each question
-- that its generated relations answer only through filters over every row becomes a STABLE SQL
-- function, exposed as a computed column (first argument: the table's row) or as a root query field
-- (a function of plain arguments), and the index restriction (PgIndexBehaviorsPlugin) stays on.
-- Applied to the benchmark database before PostGraphile starts (processes.ts); only functions, no
-- table or index is changed: every index these functions need is one Tanzim's migrations create
-- (the convener's (unit, day), meeting_unit's (unit, day), participation by meeting, the mandate term's
-- SP-GiST, the trigram indexes), so both servers read the same indexes.

-- Q1: a unit's ancestors, root first.
CREATE OR REPLACE FUNCTION org_unit_ancestors(u org_unit) RETURNS SETOF org_unit
LANGUAGE sql STABLE AS $$
  SELECT a.* FROM org_unit a WHERE a.path @> u.path AND a.id <> u.id ORDER BY nlevel(a.path)
$$;

-- Q2, Q3, Q6: the sub-units existing on a day, by code.
CREATE OR REPLACE FUNCTION org_unit_children_on(u org_unit, as_of date) RETURNS SETOF org_unit
LANGUAGE sql STABLE AS $$
  SELECT c.* FROM org_unit c
   WHERE c.parent_id = u.id
     AND (c.founded_on IS NULL OR c.founded_on <= as_of)
     AND (c.dissolved_on IS NULL OR c.dissolved_on > as_of)
   ORDER BY c.code
$$;

-- Q2, Q6: the mandates running on a day on the unit's posts, in the catalogue's order of roles.
CREATE OR REPLACE FUNCTION org_unit_officials(u org_unit, as_of date) RETURNS SETOF mandate
LANGUAGE sql STABLE AS $$
  SELECT m.* FROM position po JOIN role ro ON ro.code = po.role_code
    JOIN mandate m ON m.position_id = po.id
   WHERE po.org_unit_id = u.id AND m.term @> as_of
   ORDER BY ro.sort_order, m.seat
$$;

-- Q3: the meetings a unit convened or took part in, held in a window.
CREATE OR REPLACE FUNCTION org_unit_meetings_between(u org_unit, from_day date, to_day date)
RETURNS SETOF meeting LANGUAGE sql STABLE AS $$
  SELECT m.* FROM meeting m
   WHERE m.id IN (SELECT mc.id FROM meeting mc
                   WHERE mc.convening_unit_id = u.id AND mc.held_on BETWEEN from_day AND to_day
                  UNION
                  SELECT mu.meeting_id FROM meeting_unit mu
                   WHERE mu.org_unit_id = u.id AND mu.held_on BETWEEN from_day AND to_day)
     AND m.held_on BETWEEN from_day AND to_day
   ORDER BY m.id
$$;

-- Q3: a meeting's participants, and those who attended.
CREATE OR REPLACE FUNCTION meeting_participant_count(m meeting) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM participation p WHERE p.meeting_id = m.id
$$;
CREATE OR REPLACE FUNCTION meeting_attended_count(m meeting) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM participation p WHERE p.meeting_id = m.id AND p.attendance = 'ATTENDED'
$$;

-- Q4: the meetings a unit convened or took part in, newest first (Tanzim's order).
CREATE OR REPLACE FUNCTION org_unit_meetings(u org_unit) RETURNS SETOF meeting
LANGUAGE sql STABLE AS $$
  SELECT m.* FROM meeting m
   WHERE m.id IN (SELECT mc.id FROM meeting mc WHERE mc.convening_unit_id = u.id
                  UNION
                  SELECT mu.meeting_id FROM meeting_unit mu WHERE mu.org_unit_id = u.id)
   ORDER BY m.held_on DESC, m.starts_at DESC NULLS LAST, m.id
$$;

-- Q10, Q12: the meetings a unit's subtree convened or took part in, newest first.
CREATE OR REPLACE FUNCTION org_unit_subtree_meetings(u org_unit) RETURNS SETOF meeting
LANGUAGE sql STABLE AS $$
  SELECT m.* FROM meeting m
   WHERE m.id IN (SELECT mc.id FROM meeting mc JOIN org_unit s ON s.id = mc.convening_unit_id
                   WHERE s.path <@ u.path
                  UNION
                  SELECT mu.meeting_id FROM meeting_unit mu JOIN org_unit s ON s.id = mu.org_unit_id
                   WHERE s.path <@ u.path)
   ORDER BY m.held_on DESC, m.starts_at DESC NULLS LAST, m.id
$$;

-- Q8: meetings matching a search by the same rule as Tanzim's (src/common/search.ts,
-- applyWordSearch): each word typed stands for at most 16 known words (itself, longer words holding it,
-- close spellings) from the table of the meetings' words; a meeting matches when it holds one of them
-- for every word typed; the newest 200 matches are ranked (the sum, over the words typed, of the best
-- weight of a known word the meeting holds), then newest first. The client sends the normalised search
-- and one LIKE pattern per word.
CREATE OR REPLACE FUNCTION search_meetings(query text, patterns text[])
RETURNS SETOF meeting LANGUAGE sql STABLE AS $$
  WITH typed AS (
    SELECT q.typed, q.pattern, q.i FROM unnest(string_to_array(query, ' '), patterns) WITH ORDINALITY AS q (typed, pattern, i)),
  known AS (
    SELECT q.i, d.word, d.weight FROM typed q CROSS JOIN LATERAL (
      SELECT k.word, CASE WHEN k.word = q.typed THEN 1 ELSE 0.9 * word_similarity(q.typed, k.word) END AS weight
        FROM meeting_search_word k WHERE k.word LIKE q.pattern OR q.typed <% k.word
       ORDER BY weight DESC, length(k.word), k.word LIMIT 16) d),
  candidates AS (
    SELECT m.id FROM meeting m
     WHERE string_to_array(replace(m.search_text, ' | ', ' '), ' ') && ARRAY(SELECT word FROM known WHERE i = 1)
       AND NOT EXISTS (SELECT 1 FROM typed q WHERE NOT string_to_array(replace(m.search_text, ' | ', ' '), ' ')
                         && ARRAY(SELECT k.word FROM known k WHERE k.i = q.i))
     ORDER BY m.held_on DESC, m.id LIMIT 200)
  SELECT m.* FROM meeting m
   WHERE m.id = ANY(ARRAY(SELECT id FROM candidates))
   ORDER BY (SELECT coalesce(sum(best), 0) FROM (
               SELECT max(k.weight) AS best FROM known k
                WHERE strpos(' ' || m.search_text || ' ', ' ' || k.word || ' ') > 0 GROUP BY k.i) b)::float8 DESC,
            m.held_on DESC, m.id
$$;

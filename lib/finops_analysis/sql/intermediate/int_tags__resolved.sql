-- int_tags__resolved: the configured tags of each distinct Tags object, with aliases
-- applied, compliance judged, and the team an ownership `tag` rule gives it.
-- Grain: one row per distinct Tags text that carries at least one key/value pair.
-- Inputs: int_tags__parsed, cfg_tag_aliases, cfg_tag_value_aliases, cfg_tag_allowed,
--         cfg_required_tags, stg_ownership.
-- A tag is compliant when its key is one of the aliases and its raw value is allowed;
-- value aliases (production -> prod) repair the value used for ownership but do not
-- make it compliant. The team tag's allowed values are the teams of ownership.csv
-- unless finops.yaml lists them; with neither, any non-empty value is allowed.
WITH keyed AS (
    SELECT p.Tags, a.tag_key, arg_min(p.tag_value, a.priority) AS raw_value
    FROM int_tags__parsed AS p
    JOIN cfg_tag_aliases AS a ON p.tag_name = a.alias
    GROUP BY p.Tags, a.tag_key
),
teams AS (
    SELECT DISTINCT team FROM stg_ownership WHERE rule_type = 'team' AND team <> ''
),
allowed AS (
    SELECT tag_key, value FROM cfg_tag_allowed
    UNION ALL
    SELECT 'team', team FROM teams
    WHERE NOT EXISTS (SELECT 1 FROM cfg_tag_allowed WHERE tag_key = 'team')
),
judged AS (
    SELECT
        k.Tags,
        k.tag_key,
        k.raw_value,
        coalesce(va.value, k.raw_value) AS value,
        CASE
            WHEN NOT EXISTS (SELECT 1 FROM allowed AS al WHERE al.tag_key = k.tag_key) THEN true
            ELSE EXISTS (SELECT 1 FROM allowed AS al WHERE al.tag_key = k.tag_key AND al.value = k.raw_value)
        END AS is_allowed,
        CASE
            WHEN NOT EXISTS (SELECT 1 FROM allowed AS al WHERE al.tag_key = k.tag_key) THEN true
            ELSE EXISTS (SELECT 1 FROM allowed AS al
                         WHERE al.tag_key = k.tag_key AND al.value = coalesce(va.value, k.raw_value))
        END AS value_known
    FROM keyed AS k
    LEFT JOIN cfg_tag_value_aliases AS va ON va.tag_key = k.tag_key AND va.raw_value = k.raw_value
),
rule_owner AS (
    SELECT p.Tags, min(o.team) AS rule_team
    FROM int_tags__parsed AS p
    JOIN stg_ownership AS o
      ON o.rule_type = 'tag' AND lower(o.match_key) = p.tag_name AND lower(o.match_value) = p.tag_value
    GROUP BY p.Tags
),
objects AS (
    SELECT DISTINCT Tags FROM int_tags__parsed
)
SELECT
    obj.Tags,
    max(j.value) FILTER (WHERE j.tag_key = 'team')        AS tag_team,
    max(j.value) FILTER (WHERE j.tag_key = 'environment') AS tag_environment,
    max(j.value) FILTER (WHERE j.tag_key = 'product')     AS tag_product,
    coalesce(bool_or(j.value_known) FILTER (WHERE j.tag_key = 'team'), false) AS tag_team_known,
    (SELECT count(*) FROM cfg_required_tags)
        - count(*) FILTER (WHERE j.is_allowed AND j.tag_key IN (SELECT tag_key FROM cfg_required_tags))
        AS required_tags_missing,
    any_value(r.rule_team) AS rule_team
FROM objects AS obj
LEFT JOIN judged AS j ON j.Tags = obj.Tags
LEFT JOIN rule_owner AS r ON r.Tags = obj.Tags
GROUP BY obj.Tags

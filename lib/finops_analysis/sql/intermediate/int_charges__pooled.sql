-- int_charges__pooled: every owned charge row with the shared-cost pool it joins, if any.
-- Grain: one row per row of int_charges__rolled_up; nothing dropped.
-- Cost basis: both (BilledCost and EffectiveCost pass through untouched).
-- Inputs: int_charges__rolled_up, cfg_pools, cfg_pool_rules.
-- A charge joins the first pool (lowest priority) all of whose match fields hold one of
-- the listed values (compared case-insensitively); `pool` is NULL for direct cost of the
-- owner team. Pools are matched once per distinct combination of the match columns (a
-- few hundred even on 10M+ rows), then joined back to the rows. The join key `combo_key`
-- (a hash of the combination) only speeds the join up: the column conditions make it exact.
WITH combos AS (
    SELECT DISTINCT
        team, ProviderName, BillingAccountId, SubAccountId, SubAccountName, ChargeCategory,
        ChargeClass, CommitmentDiscountStatus, PricingCategory, ServiceCategory,
        ServiceSubcategory, ServiceName
    FROM int_charges__rolled_up
),
fields_matched AS (
    -- per combination and pool: how many of the pool's fields hold one of its values
    SELECT c.*, r.pool, count(DISTINCT r.field) AS fields_matched
    FROM combos AS c
    JOIN cfg_pool_rules AS r
      ON lower(r.value) = lower(CASE r.field
            WHEN 'team' THEN c.team
            WHEN 'ProviderName' THEN c.ProviderName
            WHEN 'BillingAccountId' THEN c.BillingAccountId
            WHEN 'SubAccountId' THEN c.SubAccountId
            WHEN 'SubAccountName' THEN c.SubAccountName
            WHEN 'ChargeCategory' THEN c.ChargeCategory
            WHEN 'ChargeClass' THEN c.ChargeClass
            WHEN 'CommitmentDiscountStatus' THEN c.CommitmentDiscountStatus
            WHEN 'PricingCategory' THEN c.PricingCategory
            WHEN 'ServiceCategory' THEN c.ServiceCategory
            WHEN 'ServiceSubcategory' THEN c.ServiceSubcategory
            WHEN 'ServiceName' THEN c.ServiceName
         END)
    GROUP BY ALL
),
first_pool AS (
    SELECT
        m.team, m.ProviderName, m.BillingAccountId, m.SubAccountId, m.SubAccountName,
        m.ChargeCategory, m.ChargeClass, m.CommitmentDiscountStatus, m.PricingCategory,
        m.ServiceCategory, m.ServiceSubcategory, m.ServiceName,
        hash(m.team, m.ProviderName, m.BillingAccountId, m.SubAccountId, m.SubAccountName,
             m.ChargeCategory, m.ChargeClass, m.CommitmentDiscountStatus, m.PricingCategory,
             m.ServiceCategory, m.ServiceSubcategory, m.ServiceName) AS combo_key,
        arg_min(m.pool, p.priority) AS pool
    FROM fields_matched AS m
    JOIN cfg_pools AS p ON p.pool = m.pool AND m.fields_matched = p.fields
    GROUP BY ALL
)
SELECT o.*, f.pool
FROM int_charges__rolled_up AS o
LEFT JOIN first_pool AS f
  ON  f.combo_key = hash(o.team, o.ProviderName, o.BillingAccountId, o.SubAccountId, o.SubAccountName,
                         o.ChargeCategory, o.ChargeClass, o.CommitmentDiscountStatus, o.PricingCategory,
                         o.ServiceCategory, o.ServiceSubcategory, o.ServiceName)
  AND f.team IS NOT DISTINCT FROM o.team
  AND f.ProviderName IS NOT DISTINCT FROM o.ProviderName
  AND f.BillingAccountId IS NOT DISTINCT FROM o.BillingAccountId
  AND f.SubAccountId IS NOT DISTINCT FROM o.SubAccountId
  AND f.SubAccountName IS NOT DISTINCT FROM o.SubAccountName
  AND f.ChargeCategory IS NOT DISTINCT FROM o.ChargeCategory
  AND f.ChargeClass IS NOT DISTINCT FROM o.ChargeClass
  AND f.CommitmentDiscountStatus IS NOT DISTINCT FROM o.CommitmentDiscountStatus
  AND f.PricingCategory IS NOT DISTINCT FROM o.PricingCategory
  AND f.ServiceCategory IS NOT DISTINCT FROM o.ServiceCategory
  AND f.ServiceSubcategory IS NOT DISTINCT FROM o.ServiceSubcategory
  AND f.ServiceName IS NOT DISTINCT FROM o.ServiceName

-- opportunities_commitment_owners: whose usage each commitment covers, to name an owner
-- for commitment opportunities.
-- Grain: one row per commitment (CommitmentDiscountId).
-- Cost basis: EffectiveCost of the Used rows whose usage day is in [$window_start, $window_end).
-- Input: int_charges__rolled_up.
WITH covered AS (
    SELECT CommitmentDiscountId, team, sum(EffectiveCost) AS covered_cost
    FROM int_charges__rolled_up
    WHERE CommitmentDiscountStatus = 'Used'
      AND charge_date >= CAST($window_start AS DATE) AND charge_date < CAST($window_end AS DATE)
    GROUP BY CommitmentDiscountId, team
)
SELECT
    CommitmentDiscountId              AS commitment_id,
    arg_max(team, covered_cost)       AS owner_team,
    CAST(sum(covered_cost) AS DOUBLE) AS covered_cost
FROM covered
GROUP BY CommitmentDiscountId

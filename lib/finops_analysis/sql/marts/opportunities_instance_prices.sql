-- opportunities_instance_prices: the newest public price of every instance type in the
-- data, so a current-generation type a team does not use yet still has a price.
-- Grain: one row per provider and instance type (SkuPriceDetails.InstanceType).
-- Cost basis: ListUnitPrice (per pricing unit, usually an hour), billing currency.
-- Input: stg_billing__rolled_up.
SELECT
    ProviderName                                          AS provider,
    json_extract_string(SkuPriceDetails, '$.InstanceType') AS instance_type,
    CAST(arg_max(ListUnitPrice, ChargePeriodStart) AS DOUBLE) AS list_unit_price
FROM stg_billing__rolled_up
WHERE ChargeCategory = 'Usage' AND SkuPriceDetails IS NOT NULL AND ListUnitPrice IS NOT NULL
  AND json_extract_string(SkuPriceDetails, '$.InstanceType') IS NOT NULL
GROUP BY ALL

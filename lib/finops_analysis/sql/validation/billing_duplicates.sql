-- billing_duplicates: charge rows of one file that another file also holds.
-- Grain: one row per (file, earlier file it repeats) with the number of repeated rows.
-- Input: stg_billing restricted to $files (files whose provider and billing month overlap
-- another file's; the others cannot hold duplicates). A row's fingerprint is the hash of
-- every FOCUS column; a row of a later file (in name order) whose fingerprint occurs in an
-- earlier file is a duplicate of that file.
WITH fingerprinted AS (
    SELECT source_file, hash(row(
        "AvailabilityZone",
        "BilledCost",
        "BillingAccountId",
        "BillingAccountName",
        "BillingAccountType",
        "BillingCurrency",
        "BillingPeriodEnd",
        "BillingPeriodStart",
        "CapacityReservationId",
        "CapacityReservationStatus",
        "ChargeCategory",
        "ChargeClass",
        "ChargeDescription",
        "ChargeFrequency",
        "ChargePeriodEnd",
        "ChargePeriodStart",
        "CommitmentDiscountCategory",
        "CommitmentDiscountId",
        "CommitmentDiscountName",
        "CommitmentDiscountQuantity",
        "CommitmentDiscountStatus",
        "CommitmentDiscountType",
        "CommitmentDiscountUnit",
        "ConsumedQuantity",
        "ConsumedUnit",
        "ContractedCost",
        "ContractedUnitPrice",
        "EffectiveCost",
        "InvoiceId",
        "InvoiceIssuerName",
        "ListCost",
        "ListUnitPrice",
        "PricingCategory",
        "PricingCurrency",
        "PricingCurrencyContractedUnitPrice",
        "PricingCurrencyEffectiveCost",
        "PricingCurrencyListUnitPrice",
        "PricingQuantity",
        "PricingUnit",
        "ProviderName",
        "PublisherName",
        "RegionId",
        "RegionName",
        "ResourceId",
        "ResourceName",
        "ResourceType",
        "ServiceCategory",
        "ServiceName",
        "ServiceSubcategory",
        "SkuId",
        "SkuMeter",
        "SkuPriceDetails",
        "SkuPriceId",
        "SubAccountId",
        "SubAccountName",
        "SubAccountType",
        "Tags"
    )) AS fingerprint
    FROM stg_billing
    WHERE list_contains($files, source_file)
),
first_file AS (
    SELECT fingerprint, min(source_file) AS first_file
    FROM fingerprinted
    GROUP BY fingerprint
    HAVING count(DISTINCT source_file) > 1
)
SELECT
    f.source_file       AS _file,
    ff.first_file       AS duplicate_of,
    count(*)            AS _rows
FROM fingerprinted AS f
JOIN first_file AS ff USING (fingerprint)
WHERE f.source_file <> ff.first_file
GROUP BY ALL
ORDER BY _file, duplicate_of

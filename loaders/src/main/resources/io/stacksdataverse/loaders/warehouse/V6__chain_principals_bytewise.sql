-- address_growth: principals are ASCII identifiers compared for equality only; the "C" collation
-- compares them bytewise, which makes the daily lookups and the index build of a full rebuild
-- cheaper than a locale-aware collation.
ALTER TABLE chain_principals ALTER COLUMN principal TYPE text COLLATE "C";

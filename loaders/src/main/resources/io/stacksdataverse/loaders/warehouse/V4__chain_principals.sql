-- address_growth: the UTC day each principal was first seen in a canonical STX event.
CREATE TABLE chain_principals (
    principal text PRIMARY KEY,
    first_day date NOT NULL
);
CREATE INDEX chain_principals_first_day_idx ON chain_principals (first_day);

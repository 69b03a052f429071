-- London as reference data: the region, its five ICBs with their ODS codes, its 33 local
-- authorities with their ONS codes and the ICB each belongs to (shared/reference/london.tsv),
-- and the primary care networks (PCNs) within them, kept by administrators. Ids already
-- stored are kept: North Central London and its five boroughs stay as they were.
-- `programme` marks the ICBs whose programme (recommendations, returns, maturity rounds,
-- borough plans) this installation holds; the others are reference data until theirs is.

CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
INSERT INTO regions (code, name) VALUES ('london', 'London');

ALTER TABLE icbs ADD COLUMN region_id INTEGER REFERENCES regions (id);
ALTER TABLE icbs ADD COLUMN ods_code TEXT;
ALTER TABLE icbs ADD COLUMN programme BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE icbs SET region_id = (SELECT id FROM regions WHERE code = 'london'), ods_code = 'QMJ',
    programme = TRUE
WHERE code = 'NCL';
INSERT INTO icbs (code, name, region_id, ods_code, programme)
SELECT v.code, v.name, r.id, v.ods_code, FALSE
FROM regions r, (
    SELECT 'NEL' AS code, 'North East London ICB' AS name, 'QMF' AS ods_code
    UNION ALL SELECT 'NWL', 'North West London ICB', 'QRV'
    UNION ALL SELECT 'SEL', 'South East London ICB', 'QKK'
    UNION ALL SELECT 'SWL', 'South West London ICB', 'QWE'
) AS v
WHERE r.code = 'london';
CREATE UNIQUE INDEX icbs_ods_code ON icbs (ods_code);

ALTER TABLE boroughs ADD COLUMN ons_code TEXT;
UPDATE boroughs SET ons_code = 'E09000003' WHERE code = 'barnet';
UPDATE boroughs SET ons_code = 'E09000007' WHERE code = 'camden';
UPDATE boroughs SET ons_code = 'E09000010' WHERE code = 'enfield';
UPDATE boroughs SET ons_code = 'E09000014' WHERE code = 'haringey';
UPDATE boroughs SET ons_code = 'E09000019' WHERE code = 'islington';
INSERT INTO boroughs (icb_id, code, name, ons_code)
SELECT i.id, v.code, v.name, v.ons_code
FROM icbs i, (
    SELECT 'city-of-london' AS code, 'City of London' AS name, 'E09000001' AS ons_code, 'NEL' AS icb
    UNION ALL SELECT 'barking-and-dagenham', 'Barking and Dagenham', 'E09000002', 'NEL'
    UNION ALL SELECT 'bexley', 'Bexley', 'E09000004', 'SEL'
    UNION ALL SELECT 'brent', 'Brent', 'E09000005', 'NWL'
    UNION ALL SELECT 'bromley', 'Bromley', 'E09000006', 'SEL'
    UNION ALL SELECT 'croydon', 'Croydon', 'E09000008', 'SWL'
    UNION ALL SELECT 'ealing', 'Ealing', 'E09000009', 'NWL'
    UNION ALL SELECT 'greenwich', 'Greenwich', 'E09000011', 'SEL'
    UNION ALL SELECT 'hackney', 'Hackney', 'E09000012', 'NEL'
    UNION ALL SELECT 'hammersmith-and-fulham', 'Hammersmith and Fulham', 'E09000013', 'NWL'
    UNION ALL SELECT 'harrow', 'Harrow', 'E09000015', 'NWL'
    UNION ALL SELECT 'havering', 'Havering', 'E09000016', 'NEL'
    UNION ALL SELECT 'hillingdon', 'Hillingdon', 'E09000017', 'NWL'
    UNION ALL SELECT 'hounslow', 'Hounslow', 'E09000018', 'NWL'
    UNION ALL SELECT 'kensington-and-chelsea', 'Kensington and Chelsea', 'E09000020', 'NWL'
    UNION ALL SELECT 'kingston-upon-thames', 'Kingston upon Thames', 'E09000021', 'SWL'
    UNION ALL SELECT 'lambeth', 'Lambeth', 'E09000022', 'SEL'
    UNION ALL SELECT 'lewisham', 'Lewisham', 'E09000023', 'SEL'
    UNION ALL SELECT 'merton', 'Merton', 'E09000024', 'SWL'
    UNION ALL SELECT 'newham', 'Newham', 'E09000025', 'NEL'
    UNION ALL SELECT 'redbridge', 'Redbridge', 'E09000026', 'NEL'
    UNION ALL SELECT 'richmond-upon-thames', 'Richmond upon Thames', 'E09000027', 'SWL'
    UNION ALL SELECT 'southwark', 'Southwark', 'E09000028', 'SEL'
    UNION ALL SELECT 'sutton', 'Sutton', 'E09000029', 'SWL'
    UNION ALL SELECT 'tower-hamlets', 'Tower Hamlets', 'E09000030', 'NEL'
    UNION ALL SELECT 'waltham-forest', 'Waltham Forest', 'E09000031', 'NEL'
    UNION ALL SELECT 'wandsworth', 'Wandsworth', 'E09000032', 'SWL'
    UNION ALL SELECT 'westminster', 'Westminster', 'E09000033', 'NWL'
) AS v
WHERE i.code = v.icb;
CREATE UNIQUE INDEX boroughs_ons_code ON boroughs (ons_code);

-- A primary care network: its ODS code, its name and the borough it serves.
CREATE TABLE pcns (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    borough_id INTEGER NOT NULL REFERENCES boroughs (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX pcns_borough ON pcns (borough_id);

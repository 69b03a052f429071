-- Reference rows, the same on every installation (not demo content).
-- Source: NCL social prescribing review 2024 (populations: GP registered population as the
-- review gives it; Enfield and Haringey are not given, so they are stored as unknown).

INSERT INTO icbs (code, name) VALUES ('NCL', 'North Central London ICB');

INSERT INTO boroughs (icb_id, code, name, gp_registered_population, population_source)
SELECT icbs.id, v.code, v.name, v.population, v.source
FROM icbs, (
    SELECT 'barnet' AS code, 'Barnet' AS name, CAST(432182 AS BIGINT) AS population, 'NCL social prescribing review 2024' AS source
    UNION ALL SELECT 'camden', 'Camden', 299852, 'NCL social prescribing review 2024'
    UNION ALL SELECT 'enfield', 'Enfield', NULL, NULL
    UNION ALL SELECT 'haringey', 'Haringey', NULL, NULL
    UNION ALL SELECT 'islington', 'Islington', 263251, 'NCL social prescribing review 2024'
) AS v
WHERE icbs.code = 'NCL';

-- The six domains the review assesses every borough on.
INSERT INTO maturity_domains (position, name) VALUES
    (1, 'Leadership and Governance'),
    (2, 'Social Prescribing Workforce'),
    (3, 'Planning and Commissioning'),
    (4, 'Digital Systems and Enablers'),
    (5, 'Evidence and Impact'),
    (6, 'Tackling Health Inequalities');

-- The review's Table 3, verbatim (shared/reference/recommendations.tsv).
INSERT INTO recommendations (number, category, recommendation, specific_actions, timeline, cost_implication, priority) VALUES
    (1, 'Strengthen Leadership & Governance', 'Establish a SP Senior Officer in the ICB executive leadership team responsible for planning delivery and monitoring of SP within the ICS', 'Appoint a dedicated SP lead across the ICB who will develop the social prescribing system plan to dovetail with borough plans.', '3-6 months', 'Moderate', 'High'),
    (2, 'Strengthen Leadership & Governance', 'Create a SP Steering Group with a dedicated borough lead across each borough with representation from all sectors', 'Form a steering group with key stakeholders. Review membership where these exist.', '3 months', 'Low', 'High'),
    (3, 'Strengthen Leadership & Governance', 'Local borough social prescribing groups to report quarterly to Borough Integrated Care Board and Borough Partnership Board and six monthly to the ICB.', 'Integrated Care Boards and or Borough Partnership boards to agree reporting structures for both local and ICB governance, data requirements, and timetable schedule for all social prescribing providers.', '6 months', 'Low', 'High'),
    (4, 'Enhance Workforce Development', 'Improve Training & Support for SPLWs including the establishment of an NCL Community of Practice for SPLWs', 'Implement ongoing accredited training programs Establish an NCL wide regular SPLW Community of Practice', '6-12 months', 'Moderate', 'High'),
    (5, 'Enhance Workforce Development', 'Provide clear career progression pathways', 'Develop structured career pathways for SPLWs', '6-12 months', 'Moderate', 'Medium'),
    (6, 'Enhance Workforce Development', 'Address workforce wellbeing', 'Introduce wellbeing initiatives & flexible working arrangements', '3-6 months', 'Low', 'High'),
    (7, 'Upgrade Digital Infrastructure', 'Implement a Unified Digital Case Management System', 'Secure funding & deploy a centralised digital system', '12-18 months', 'High', 'High'),
    (8, 'Upgrade Digital Infrastructure', 'Standardise data collection', 'Develop & enforce standardised data collection protocols', '6 months', 'Low', 'High'),
    (9, 'Upgrade Digital Infrastructure', 'Enhance digital inclusion', 'Launch digital access & training initiatives for service users', '6-12 months', 'Moderate', 'Medium'),
    (10, 'Strengthen Community Engagement', 'Foster Stronger Collaborations with Community Orgs', 'Engage with local VCSE sectors to co-design SP services', '6 months', 'Low', 'High'),
    (11, 'Strengthen Community Engagement', 'Expand community outreach programs', 'Increase outreach to high-risk & underserved groups', '6-12 months', 'Moderate', 'Medium'),
    (12, 'Strengthen Community Engagement', 'Utilise lived experience volunteers', 'Integrate volunteers with lived experience into service delivery', '6-12 months', 'Low', 'Medium'),
    (13, 'Ensure Sustainable Funding', 'Secure Long-Term Funding for SP Services', 'Advocate for stable & long-term funding models', '12 months', 'High', 'High'),
    (14, 'Ensure Sustainable Funding', 'Invest in Workforce Stability', 'Allocate funds for extending contracts & providing career development', '6-12 months', 'Moderate', 'High'),
    (15, 'Improve Impact Measurement', 'Develop a Borough-Wide Evaluation Framework', 'Create a consistent evaluation framework for all boroughs', '6-12 months', 'Moderate', 'High'),
    (16, 'Improve Impact Measurement', 'Regular reporting & feedback loops', 'Implement routine reporting mechanisms for continuous improvement', '6 months', 'Low', 'Medium'),
    (17, 'Improve Impact Measurement', 'Leverage Data for Service Improvement', 'Use data to identify trends & enhance services', 'Ongoing', 'Low', 'Medium'),
    (18, 'Expand Service Integration', 'Integrate SP with Secondary Care', 'Expand SP services into secondary care settings', '12-18 months', 'High', 'Medium'),
    (19, 'Expand Service Integration', 'Enhance Collaboration with Housing & Social Services', 'Strengthen ties with housing & social services for holistic support', '6-12 months', 'Moderate', 'High'),
    (20, 'Promote Health Equity', 'Conduct comprehensive needs assessments', 'Perform regular assessments to identify health disparities', '6-12 months', 'Moderate', 'High'),
    (21, 'Promote Health Equity', 'Facilitate self-referral pathways', 'Explore & implement self-referral options for vulnerable groups', '12 months', 'Moderate', 'Medium');

-- The recommendations tracker: each recommendation's accountable owner and lead
-- organisation, milestones (every change kept as a revision, for the "as at" view), borough
-- lines, progress updates (only ever added), and the borough plans' actions.

ALTER TABLE recommendations ADD COLUMN owner_id INTEGER REFERENCES users (id);
ALTER TABLE recommendations ADD COLUMN lead_organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE recommendations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX milestones_recommendation ON milestones (recommendation_id);

-- A milestone as it stood from `recorded_at`; the highest version is the current one.
CREATE TABLE milestone_revisions (
    milestone_id INTEGER NOT NULL REFERENCES milestones (id),
    version INTEGER NOT NULL CHECK (version > 0),
    title TEXT NOT NULL,
    due_on DATE NOT NULL,
    done_on DATE,
    owner_id INTEGER REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    PRIMARY KEY (milestone_id, version)
);

CREATE TABLE progress_updates (
    id INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    status TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'off_track', 'complete')),
    commentary TEXT NOT NULL,
    percent_complete INTEGER NOT NULL CHECK (percent_complete BETWEEN 0 AND 100),
    -- a link or a note; empty when none was given
    evidence TEXT NOT NULL,
    reported_on DATE NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX progress_updates_recommendation ON progress_updates (recommendation_id);

-- For recommendations that apply in every borough: one line per borough.
CREATE TABLE borough_lines (
    id INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    borough_id INTEGER NOT NULL REFERENCES boroughs (id),
    owner_id INTEGER REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'off_track', 'complete')),
    note TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (recommendation_id, borough_id)
);

CREATE TABLE borough_actions (
    id INTEGER PRIMARY KEY,
    borough_id INTEGER NOT NULL REFERENCES boroughs (id),
    domain_id INTEGER NOT NULL REFERENCES maturity_domains (id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    owner_id INTEGER REFERENCES users (id),
    status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'on_track', 'at_risk', 'off_track', 'complete')),
    due_on DATE,
    done_on DATE,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (borough_id, domain_id, number)
);

CREATE TABLE borough_action_recommendations (
    action_id INTEGER NOT NULL REFERENCES borough_actions (id),
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    PRIMARY KEY (action_id, recommendation_id)
);

-- The borough plans' numbered actions, word for word from the review ("Borough Plans").
INSERT INTO borough_actions (borough_id, domain_id, number, title)
WITH plan (borough, domain, number, title) AS (VALUES
    ('barnet', 'Leadership and Governance', 1, 'Widen Participation of SP Steering Group'),
    ('barnet', 'Leadership and Governance', 2, 'NCL Community of Practice'),
    ('barnet', 'Leadership and Governance', 3, 'Lead Social Prescribers in Each PCN'),
    ('barnet', 'Leadership and Governance', 4, 'Strengthen Leadership for Other Personalised Care Roles'),
    ('barnet', 'Leadership and Governance', 5, 'Reduce DNA Rate Through Education Campaign for Patients and Referrers and Self-Referral'),
    ('barnet', 'Social Prescribing Workforce', 1, 'Special Interest Social Prescribers'),
    ('barnet', 'Social Prescribing Workforce', 2, 'Strengthen Supervision and Support for Other Personalised Care Roles'),
    ('barnet', 'Social Prescribing Workforce', 3, 'Retain the Workforce'),
    ('barnet', 'Social Prescribing Workforce', 4, 'Improved Training'),
    ('barnet', 'Social Prescribing Workforce', 5, 'Lived Experience Volunteers'),
    ('barnet', 'Social Prescribing Workforce', 6, 'Expand the Workforce to Include CYP Provision'),
    ('barnet', 'Social Prescribing Workforce', 7, 'Expansion to Secondary Care'),
    ('barnet', 'Planning and Commissioning', 1, 'Funding'),
    ('barnet', 'Planning and Commissioning', 2, 'Commission an NCL Wide Digital Case Management System'),
    ('barnet', 'Planning and Commissioning', 3, 'Align Borough Commissioning Opportunities'),
    ('barnet', 'Planning and Commissioning', 4, 'Regular protected time for community collaboration'),
    ('barnet', 'Planning and Commissioning', 5, 'Expanding Estates'),
    ('barnet', 'Digital Systems and Enablers', 1, 'Develop a Business Case to Secure Funding for Digital Case Management System Elemental'),
    ('barnet', 'Digital Systems and Enablers', 2, 'Expand the Offer for Digital Inclusion'),
    ('barnet', 'Evidence and Impact', 1, 'Regular Improved Data Reporting'),
    ('barnet', 'Evidence and Impact', 2, 'Improved Protocols for Patient Feedback'),
    ('barnet', 'Evidence and Impact', 3, 'Regular Case Studies'),
    ('barnet', 'Tackling Health Inequalities', 1, 'Identifying Unmet Need Using Elemental Gap Analysis'),
    ('barnet', 'Tackling Health Inequalities', 2, 'Advertising Campaign to Patients / Staff'),
    ('camden', 'Leadership and Governance', 1, 'Clinical Leadership for Personalised Care for the Borough'),
    ('camden', 'Leadership and Governance', 2, 'Widen Membership of the Social Prescribing Steering Group'),
    ('camden', 'Leadership and Governance', 3, 'NCL Community of Practice'),
    ('camden', 'Leadership and Governance', 4, 'Stakeholder Communication'),
    ('camden', 'Social Prescribing Workforce', 1, 'More Secure Contracts'),
    ('camden', 'Social Prescribing Workforce', 2, 'Career Progression'),
    ('camden', 'Social Prescribing Workforce', 3, 'Supervision and Support'),
    ('camden', 'Social Prescribing Workforce', 4, 'Uniform Job Descriptions for SPLWs and Other Personalised Care Roles'),
    ('camden', 'Social Prescribing Workforce', 5, 'WhatsApp Group'),
    ('camden', 'Planning and Commissioning', 1, 'Commissioning of a Robust Needs Assessment in Camden'),
    ('camden', 'Planning and Commissioning', 2, 'Clarity of Funding Streams'),
    ('camden', 'Planning and Commissioning', 3, 'Equitable Provision of Service Across the Borough'),
    ('camden', 'Planning and Commissioning', 4, 'Protected Time for Community Collaboration and Connectivity'),
    ('camden', 'Planning and Commissioning', 5, 'Community Based Needs Assessment'),
    ('camden', 'Digital Systems and Enablers', 1, 'Consistency and Compatibility of Data Collection'),
    ('camden', 'Digital Systems and Enablers', 2, 'Digital Inclusion'),
    ('camden', 'Digital Systems and Enablers', 3, 'Self-Referral'),
    ('camden', 'Evidence and Impact', 1, 'Development of an NCL-wide Evaluation Tool'),
    ('camden', 'Evidence and Impact', 2, 'Using Compatible and Agreed Terminology for Commissioners and Community Providers'),
    ('camden', 'Evidence and Impact', 3, 'Shared Reporting System and Outcome Framework'),
    ('camden', 'Tackling Health Inequalities', 1, 'Proactive Social Prescribing Projects'),
    ('camden', 'Tackling Health Inequalities', 2, 'Data Collection'),
    ('enfield', 'Leadership and Governance', 1, 'Establish a Social Prescribing Steering Group'),
    ('enfield', 'Leadership and Governance', 2, 'NCL-wide Community of Practice for Social Prescribing'),
    ('enfield', 'Leadership and Governance', 3, 'Equitable Provision of Social Prescribing Across the Borough'),
    ('enfield', 'Leadership and Governance', 4, 'Education Campaign for Patients and Primary Care Staff'),
    ('enfield', 'Social Prescribing Workforce', 1, 'Enhance Training Offer for the Workforce'),
    ('enfield', 'Social Prescribing Workforce', 2, 'Enhanced Career Progression'),
    ('enfield', 'Social Prescribing Workforce', 3, 'Strengthen Supervision'),
    ('enfield', 'Social Prescribing Workforce', 4, 'WhatsApp and Teams Channel for Social Prescribers and Personalised Care Roles'),
    ('enfield', 'Social Prescribing Workforce', 5, 'Co-production with the Community'),
    ('enfield', 'Planning and Commissioning', 1, 'Improved Population Health Data and Documentation of Unmet Need'),
    ('enfield', 'Planning and Commissioning', 2, 'Funding for a Single Directory of Service'),
    ('enfield', 'Planning and Commissioning', 3, 'Increased Investment in Community Activities'),
    ('enfield', 'Planning and Commissioning', 4, 'Investment in Social Prescribing Leadership'),
    ('enfield', 'Planning and Commissioning', 5, 'Protected Time for Community Collaboration'),
    ('enfield', 'Digital Systems and Enablers', 1, 'Standardised Borough Wide EMIS Template'),
    ('enfield', 'Digital Systems and Enablers', 2, 'NCL Commissioned Digital Case Management System'),
    ('enfield', 'Digital Systems and Enablers', 3, 'Single Directory of Services'),
    ('enfield', 'Digital Systems and Enablers', 4, 'Self-Referral'),
    ('enfield', 'Evidence and Impact', 1, 'NCL-Wide Social Prescribing Impact Evaluation'),
    ('enfield', 'Evidence and Impact', 2, 'Standardised Feedback Form and Regular Case Studies'),
    ('enfield', 'Tackling Health Inequalities', 1, 'Increase Proactive Social Prescribing Projects'),
    ('enfield', 'Tackling Health Inequalities', 2, 'Education Campaign'),
    ('enfield', 'Tackling Health Inequalities', 3, 'Expand the offer for CYP'),
    ('enfield', 'Tackling Health Inequalities', 4, 'Improved Data Collection'),
    ('enfield', 'Tackling Health Inequalities', 5, 'Increase Options for Accessing the Service'),
    ('haringey', 'Leadership and Governance', 1, 'Create a Community Navigator Oversight Group'),
    ('haringey', 'Leadership and Governance', 2, 'Define Personalised Care Roles and the Responsibilities of Each Role'),
    ('haringey', 'Leadership and Governance', 3, 'NCL / Borough-wide SP Hub and Community of Practice'),
    ('haringey', 'Social Prescribing Workforce', 1, 'Longer Term Contracts'),
    ('haringey', 'Social Prescribing Workforce', 2, 'Career Progression Opportunities'),
    ('haringey', 'Social Prescribing Workforce', 3, 'Enhance Workforce Wellbeing'),
    ('haringey', 'Social Prescribing Workforce', 4, 'Establish Peer Support Networks for All Personalisation Roles to Provide Mutual Assistance and Encouragement Among Staff'),
    ('haringey', 'Social Prescribing Workforce', 5, 'Robust Supervision for Managing More Complex Cases'),
    ('haringey', 'Social Prescribing Workforce', 6, 'Professional Development Opportunities for Staff'),
    ('haringey', 'Social Prescribing Workforce', 7, 'Train and Develop Volunteers with Lived Experience to Expand Workforce'),
    ('haringey', 'Planning and Commissioning', 1, 'Align Longer Contracts for Personalised Care Roles with Long Term Workforce Plan to Support Retention and Aid with Planning in VCSE Organisations.'),
    ('haringey', 'Planning and Commissioning', 2, 'Commission work on accredited training for the workforce, ongoing standardise training pathways and on proposals of career progression'),
    ('haringey', 'Planning and Commissioning', 3, 'Continued VCSE Investment via the Community Chest to Ensure Sufficient Destination Services within the Community for SPLW to Refer'),
    ('haringey', 'Planning and Commissioning', 4, 'Continuously Assessing Service Delivery and Actively Engaging with the Community to Improve Service'),
    ('haringey', 'Planning and Commissioning', 5, 'Commission a Robust Data Collection System'),
    ('haringey', 'Digital Systems and Enablers', 1, 'Capture SPLW Activity in a Consistent Framework Across the Borough'),
    ('haringey', 'Digital Systems and Enablers', 2, 'Single Directory of Services'),
    ('haringey', 'Digital Systems and Enablers', 3, 'Digital Inclusion and Enablement Offers for Service Users'),
    ('haringey', 'Digital Systems and Enablers', 4, 'Creating Automated Responses from Statutory Services Re Response Times to Manage Expectations'),
    ('haringey', 'Digital Systems and Enablers', 5, 'Improve Access to Secondary Care Systems'),
    ('haringey', 'Evidence and Impact', 1, 'Digital Case Management System'),
    ('haringey', 'Evidence and Impact', 2, 'Implement Systems to Monitor and Understand the Outcomes/Impact of Referrals Made by SPLWs'),
    ('haringey', 'Evidence and Impact', 3, 'Unified System for Collecting Feedback'),
    ('haringey', 'Evidence and Impact', 4, 'Develop a Single NCL-wide Evaluation Tool/Model to Assess the Impact of SP'),
    ('haringey', 'Evidence and Impact', 5, 'Clarity on how Collected Intelligence will be Utilised'),
    ('haringey', 'Evidence and Impact', 6, 'Longer Term Follow-Up with Service Users to Assess Long Term Impact'),
    ('haringey', 'Evidence and Impact', 7, 'Consistent Plan for Regular Case Studies on Patient Pathways'),
    ('haringey', 'Tackling Health Inequalities', 1, 'Ensuring Health Inequalities Data on Unmet Need is Collected and Analysed.'),
    ('haringey', 'Tackling Health Inequalities', 2, 'Outreach Proactive SP in Community for Specific Groups'),
    ('haringey', 'Tackling Health Inequalities', 3, 'Education/ Awareness Campaign Within Deprived Communities'),
    ('haringey', 'Tackling Health Inequalities', 4, 'Self-referral - for Excluded Groups'),
    ('haringey', 'Tackling Health Inequalities', 5, 'Developing Strategies to Identify and Support Patients Who May Need Preventative Care'),
    ('haringey', 'Tackling Health Inequalities', 6, 'Working Collaboratively with Existing Teams'),
    ('haringey', 'Tackling Health Inequalities', 7, 'Developing and Expanding the Workforce to Address Health Inequalities'),
    ('haringey', 'Tackling Health Inequalities', 8, 'Strengthened Collaboration with Housing Team/ Local Authority'),
    ('islington', 'Leadership and Governance', 1, 'Establish an Overarching Social Prescribing Steering Group'),
    ('islington', 'Leadership and Governance', 2, 'Establish an NCL Community of Practice'),
    ('islington', 'Leadership and Governance', 3, 'Clinical Lead for Social Prescribing'),
    ('islington', 'Leadership and Governance', 4, 'Review Current Funding Arrangements for Social Prescribing'),
    ('islington', 'Social Prescribing Workforce', 1, 'Secure Long-Term Contracts for Social Prescribers'),
    ('islington', 'Social Prescribing Workforce', 2, 'Career Progression'),
    ('islington', 'Social Prescribing Workforce', 3, 'Improved Training Pathways'),
    ('islington', 'Social Prescribing Workforce', 4, 'Well-being Support'),
    ('islington', 'Social Prescribing Workforce', 5, 'Robust Clinical Supervision'),
    ('islington', 'Social Prescribing Workforce', 6, 'Lived Experience Volunteers'),
    ('islington', 'Planning and Commissioning', 1, 'Centralised Commissioning of Social Prescribing'),
    ('islington', 'Planning and Commissioning', 2, 'Programme Funding'),
    ('islington', 'Planning and Commissioning', 3, 'VCSE Social Prescribing Contracts'),
    ('islington', 'Planning and Commissioning', 4, 'Vision Setting for the Borough'),
    ('islington', 'Planning and Commissioning', 5, 'VCSE Investment Strategy to Grassroots Organisations'),
    ('islington', 'Planning and Commissioning', 6, 'Protected Time for Community Collaboration'),
    ('islington', 'Digital Systems and Enablers', 1, 'Digital Case Management System'),
    ('islington', 'Digital Systems and Enablers', 2, 'Single Directory of Services'),
    ('islington', 'Digital Systems and Enablers', 3, 'Digital Inclusion Offers'),
    ('islington', 'Evidence and Impact', 1, 'Development of an NCL Evaluation Tool'),
    ('islington', 'Evidence and Impact', 2, 'Collection of Data'),
    ('islington', 'Evidence and Impact', 3, 'Establishment of a Data Sharing Hub'),
    ('islington', 'Evidence and Impact', 4, 'Shared Reporting Systems'),
    ('islington', 'Evidence and Impact', 5, 'Population Health Assessment'),
    ('islington', 'Evidence and Impact', 6, 'System for Collecting Patient Feedback'),
    ('islington', 'Tackling Health Inequalities', 1, 'Community Based Needs Assessment'),
    ('islington', 'Tackling Health Inequalities', 2, 'Data Collection'),
    ('islington', 'Tackling Health Inequalities', 3, 'Proactive Social Prescribing')
)
SELECT b.id, d.id, plan.number, plan.title
FROM plan
JOIN boroughs b ON b.code = plan.borough
JOIN maturity_domains d ON d.name = plan.domain
ORDER BY b.code, d.position, plan.number;

-- The programme start that turns each timeline into a target window. The review carries
-- no publication date; its latest dated source was accessed on 10 February 2025, so the
-- default is the first of the next month. ICB leads change it on the overview page.
INSERT INTO site_settings (key, value) VALUES ('programme_start', '2025-03-01');

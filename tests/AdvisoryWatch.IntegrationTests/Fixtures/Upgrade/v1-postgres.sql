--
-- PostgreSQL database dump
--

\restrict pgWAq9BNbrh8Pfg0KcdEphobcnmGQ61HuE1g8Mx2LoS19H3sY6uLBXwERCqnmbE

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: acknowledgements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.acknowledgements (
    "Id" uuid NOT NULL,
    "ChangeId" uuid NOT NULL,
    "DepartmentId" character varying(100) NOT NULL,
    "DeliveryId" uuid NOT NULL,
    "Address" character varying(2048) NOT NULL,
    "AcknowledgedAtUtc" timestamp with time zone NOT NULL
);


--
-- Name: advisories; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.advisories (
    "Id" uuid NOT NULL,
    "SourceId" character varying(100) NOT NULL,
    "ItemKey" character varying(2048) NOT NULL,
    "Title" character varying(1000) NOT NULL,
    "Url" character varying(2048),
    "Summary" text,
    "ContentHtml" text,
    "PublishedAtUtc" timestamp with time zone,
    "SourceUpdatedAtUtc" timestamp with time zone,
    "Topics" text[] NOT NULL,
    "Severity" character varying(16) NOT NULL,
    "Language" character varying(8) NOT NULL,
    "ContentHash" character varying(64) NOT NULL,
    "SourceFingerprint" character varying(64),
    "CurrentVersion" integer NOT NULL,
    "Gone" boolean NOT NULL,
    "FirstSeenAtUtc" timestamp with time zone NOT NULL,
    "LastChangedAtUtc" timestamp with time zone NOT NULL
);


--
-- Name: advisory_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.advisory_versions (
    "Id" uuid NOT NULL,
    "AdvisoryId" uuid NOT NULL,
    "Version" integer NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "IsBaseline" boolean NOT NULL,
    "Title" character varying(1000) NOT NULL,
    "Url" character varying(2048),
    "Summary" text,
    "ContentHtml" text,
    "ContentHash" character varying(64) NOT NULL,
    "Diff" text,
    "ObservedAtUtc" timestamp with time zone NOT NULL
);


--
-- Name: change_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.change_log (
    "ChangeId" uuid NOT NULL,
    "AdvisoryId" uuid NOT NULL,
    "SourceId" character varying(100) NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "Title" character varying(1000) NOT NULL,
    "FirstReceivedAtUtc" timestamp with time zone NOT NULL,
    "Deliveries" integer NOT NULL
);


--
-- Name: deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deliveries (
    "Id" uuid NOT NULL,
    "ChangeId" uuid NOT NULL,
    "AdvisoryId" uuid NOT NULL,
    "DepartmentId" character varying(100) NOT NULL,
    "RecipientId" uuid NOT NULL,
    "Channel" character varying(16) NOT NULL,
    "Address" character varying(2048) NOT NULL,
    "Mode" character varying(16) NOT NULL,
    "Severity" character varying(16) NOT NULL,
    "DigestId" uuid,
    "State" character varying(16) NOT NULL,
    "CreatedAtUtc" timestamp with time zone NOT NULL,
    "DueAtUtc" timestamp with time zone,
    "Attempts" integer NOT NULL,
    "AmbiguousAttempts" integer NOT NULL,
    "LastAttemptAtUtc" timestamp with time zone,
    "SentAtUtc" timestamp with time zone,
    "LastReply" character varying(1000),
    "LockToken" uuid,
    "LockedUntilUtc" timestamp with time zone
);


--
-- Name: departments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.departments (
    "Id" character varying(100) NOT NULL,
    "Name" character varying(300) NOT NULL,
    "Language" character varying(8) NOT NULL,
    "TimeZone" character varying(64) NOT NULL,
    "EscalateAfter" interval,
    "AdminOwned" boolean NOT NULL
);


--
-- Name: digests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.digests (
    "Id" uuid NOT NULL,
    "DepartmentId" character varying(100) NOT NULL,
    "RecipientId" uuid NOT NULL,
    "Address" character varying(2048) NOT NULL,
    "PeriodStartUtc" timestamp with time zone NOT NULL,
    "PeriodEndUtc" timestamp with time zone NOT NULL,
    "ItemCount" integer NOT NULL,
    "State" character varying(16) NOT NULL,
    "CreatedAtUtc" timestamp with time zone NOT NULL,
    "DueAtUtc" timestamp with time zone,
    "Attempts" integer NOT NULL,
    "AmbiguousAttempts" integer NOT NULL,
    "LastAttemptAtUtc" timestamp with time zone,
    "SentAtUtc" timestamp with time zone,
    "LastReply" character varying(1000),
    "LockToken" uuid,
    "LockedUntilUtc" timestamp with time zone
);


--
-- Name: outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox (
    "Id" uuid NOT NULL,
    "MessageType" character varying(300) NOT NULL,
    "Payload" text NOT NULL,
    "CreatedAtUtc" timestamp with time zone NOT NULL,
    "LockToken" uuid,
    "LockedUntilUtc" timestamp with time zone,
    "SentAtUtc" timestamp with time zone,
    "Attempts" integer NOT NULL,
    "LastError" character varying(2000)
);


--
-- Name: recipients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.recipients (
    "Id" uuid NOT NULL,
    "DepartmentId" character varying(100) NOT NULL,
    "Channel" character varying(16) NOT NULL,
    "Role" character varying(16) NOT NULL,
    "Address" character varying(2048) NOT NULL,
    "Name" character varying(300),
    "Language" character varying(8),
    "TimeZone" character varying(64),
    "UnsubscribedAtUtc" timestamp with time zone
);


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version integer NOT NULL,
    applied_at_utc text NOT NULL,
    description text NOT NULL
);


--
-- Name: shared_secrets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.shared_secrets (
    "Name" character varying(100) NOT NULL,
    "Value" character varying(200) NOT NULL,
    "CreatedAtUtc" timestamp with time zone NOT NULL
);


--
-- Name: sources; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sources (
    "Id" character varying(100) NOT NULL,
    "Name" character varying(300) NOT NULL,
    "Authority" character varying(200) NOT NULL,
    "Country" character varying(8) NOT NULL,
    "Language" character varying(8) NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "Url" character varying(2048) NOT NULL,
    "WebsiteUrl" character varying(2048),
    "HtmlList" text,
    "PageWatch" text,
    "FallbackKind" character varying(16),
    "FallbackUrl" character varying(2048),
    "FallbackHtmlList" text,
    "FallbackPageWatch" text,
    "DiscoverFrom" character varying(2048),
    "StripQueryPrefixes" text[] NOT NULL,
    "DefaultTopics" text[] NOT NULL,
    "Enabled" boolean NOT NULL,
    "IntervalMinutes" integer NOT NULL,
    "StaleAfterDays" integer NOT NULL,
    "NeedsVerification" boolean NOT NULL,
    "Notes" text,
    "NextCheckAtUtc" timestamp with time zone NOT NULL,
    "ClaimToken" uuid,
    "ClaimedUntilUtc" timestamp with time zone,
    "ConsecutiveFailures" integer NOT NULL,
    "RetryAfterUtc" timestamp with time zone,
    "ETag" character varying(512),
    "LastModified" timestamp with time zone,
    "LastAttemptAtUtc" timestamp with time zone,
    "LastSuccessAtUtc" timestamp with time zone,
    "LastStatusCode" integer,
    "FinalUrl" character varying(2048),
    "PermanentRedirectTo" character varying(2048),
    "LastError" character varying(2000),
    "ItemsSeen" integer,
    "NewestItemAtUtc" timestamp with time zone,
    "BaselineTakenAtUtc" timestamp with time zone,
    "SeedHash" character varying(64),
    "CreatedAtUtc" timestamp with time zone NOT NULL,
    "UpdatedAtUtc" timestamp with time zone NOT NULL
);


--
-- Name: subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscriptions (
    "Id" uuid NOT NULL,
    "DepartmentId" character varying(100) NOT NULL,
    "Sources" text[] NOT NULL,
    "Topics" text[] NOT NULL,
    "MinimumSeverity" character varying(16) NOT NULL,
    "Cadence" character varying(16) NOT NULL,
    "At" time without time zone,
    "Day" character varying(16),
    "UrgentImmediately" boolean NOT NULL
);


--
-- Name: topic_rule_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.topic_rule_versions (
    "Version" integer NOT NULL,
    "Yaml" text NOT NULL,
    "SavedAtUtc" timestamp with time zone NOT NULL,
    "SavedBy" character varying(200),
    "Comment" character varying(1000)
);


--
-- Data for Name: acknowledgements; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.acknowledgements ("Id", "ChangeId", "DepartmentId", "DeliveryId", "Address", "AcknowledgedAtUtc") FROM stdin;
01a248b0-9a87-7630-b33d-c284e585e380	01a248b0-9442-70ec-ba97-9114a7cba9f0	fx-urgent	01a248b0-959d-733a-8ff3-8e8c556e7602	dag@fixture.example	2026-12-06 00:11:03.1757+00
\.


--
-- Data for Name: advisories; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.advisories ("Id", "SourceId", "ItemKey", "Title", "Url", "Summary", "ContentHtml", "PublishedAtUtc", "SourceUpdatedAtUtc", "Topics", "Severity", "Language", "ContentHash", "SourceFingerprint", "CurrentVersion", "Gone", "FirstSeenAtUtc", "LastChangedAtUtc") FROM stdin;
01a248b0-9001-785f-9faf-570e1c7b382a	stub-nsm	base-1	Gammel sak	https://nsm.no/aktuelt/base-1	Allerede kjent.	\N	2026-11-02 08:00:00+00	\N	{cybersecurity}	Normal	nb	5cbd0914d31d76398e5e1116d3eeac10351289f08fbffc4c40868e4e35fb4d9e	c29adad5e73005d04186db68b724ab3b3c30efc221dee1c245b91885b2aef845	1	f	2026-12-06 00:11:00.481175+00	2026-12-06 00:11:00.481175+00
01a248b0-9442-7b79-89a7-fe9af3c37264	stub-nsm	new-1e98781b	Blixtmeddelande: kritisk sårbarhet utnyttjas aktivt	https://nsm.no/aktuelt/new-1e98781b	Sårbarheten utnyttjas aktivt; patcha omedelbart.	\N	2026-11-03 09:30:00+00	\N	{cybersecurity,vulnerabilities}	Urgent	nb	89692678a69a1c1a193e37102a9615edc37c85e0f9a732cbcbf5e37e8677a898	013ed3b9c678cf3c579c00982f690f0b9853e27b4392d5aa72d45108aeb50433	1	f	2026-12-06 00:11:01.570564+00	2026-12-06 00:11:01.570564+00
01a248b0-933d-76e0-993d-48bb148d6a80	stub-page	http://127.0.0.1:34191/stub-page	Retningslinjer for logging	http://127.0.0.1:34191/stub-page	Retningslinjer for logging\nLogg alle pålogginger.\nOppbevar logger i tolv måneder.	\N	\N	\N	{guidance}	Normal	nb	a0c9f0bf2bd77f756b595e843dd329b90b03ec908a52a149837030e0c1b19d71	\N	2	f	2026-12-06 00:11:01.309916+00	2026-12-06 00:11:02.570429+00
\.


--
-- Data for Name: advisory_versions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.advisory_versions ("Id", "AdvisoryId", "Version", "Kind", "IsBaseline", "Title", "Url", "Summary", "ContentHtml", "ContentHash", "Diff", "ObservedAtUtc") FROM stdin;
01a248b0-9001-7442-b22a-a065a119fc94	01a248b0-9001-785f-9faf-570e1c7b382a	1	Published	t	Gammel sak	https://nsm.no/aktuelt/base-1	Allerede kjent.	\N	5cbd0914d31d76398e5e1116d3eeac10351289f08fbffc4c40868e4e35fb4d9e	\N	2026-12-06 00:11:00.481175+00
01a248b0-933d-7dbb-9c96-a59e3b6fe535	01a248b0-933d-76e0-993d-48bb148d6a80	1	PageChanged	t	Retningslinjer for logging	http://127.0.0.1:34191/stub-page	Retningslinjer for logging\nLogg alle pålogginger.\nOppbevar logger i seks måneder.	\N	78b5b3253ca0726f61178b3a5564f69788f1326674ec2ef56cb1e331d80f6ab7	\N	2026-12-06 00:11:01.309916+00
01a248b0-9442-70ec-ba97-9114a7cba9f0	01a248b0-9442-7b79-89a7-fe9af3c37264	1	Published	f	Blixtmeddelande: kritisk sårbarhet utnyttjas aktivt	https://nsm.no/aktuelt/new-1e98781b	Sårbarheten utnyttjas aktivt; patcha omedelbart.	\N	89692678a69a1c1a193e37102a9615edc37c85e0f9a732cbcbf5e37e8677a898	\N	2026-12-06 00:11:01.570564+00
01a248b0-982a-7169-87ff-2c75ca551972	01a248b0-933d-76e0-993d-48bb148d6a80	2	PageChanged	f	Retningslinjer for logging	http://127.0.0.1:34191/stub-page	Retningslinjer for logging\nLogg alle pålogginger.\nOppbevar logger i tolv måneder.	\N	a0c9f0bf2bd77f756b595e843dd329b90b03ec908a52a149837030e0c1b19d71	  Retningslinjer for logging\n  Logg alle pålogginger.\n- Oppbevar logger i seks måneder.\n+ Oppbevar logger i tolv måneder.\n	2026-12-06 00:11:02.570429+00
\.


--
-- Data for Name: change_log; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.change_log ("ChangeId", "AdvisoryId", "SourceId", "Kind", "Title", "FirstReceivedAtUtc", "Deliveries") FROM stdin;
01a248b0-9442-70ec-ba97-9114a7cba9f0	01a248b0-9442-7b79-89a7-fe9af3c37264	stub-nsm	Published	Blixtmeddelande: kritisk sårbarhet utnyttjas aktivt	2026-12-06 00:11:02.273574+00	1
01a248b0-982a-7169-87ff-2c75ca551972	01a248b0-933d-76e0-993d-48bb148d6a80	stub-page	PageChanged	Retningslinjer for logging	2026-12-06 00:11:02.917798+00	1
\.


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.deliveries ("Id", "ChangeId", "AdvisoryId", "DepartmentId", "RecipientId", "Channel", "Address", "Mode", "Severity", "DigestId", "State", "CreatedAtUtc", "DueAtUtc", "Attempts", "AmbiguousAttempts", "LastAttemptAtUtc", "SentAtUtc", "LastReply", "LockToken", "LockedUntilUtc") FROM stdin;
01a248b0-959d-733a-8ff3-8e8c556e7602	01a248b0-9442-70ec-ba97-9114a7cba9f0	01a248b0-9442-7b79-89a7-fe9af3c37264	fx-urgent	01a248b0-8b00-7e8b-97d2-35e00112d93b	Email	dag@fixture.example	Immediate	Urgent	\N	Sent	2026-12-06 00:11:01.917335+00	\N	1	0	2026-12-06 00:11:02.904059+00	2026-12-06 00:11:02.904059+00	250 accepted by 127.0.0.1:2525	\N	\N
01a248b0-959d-74fc-a972-b3a58df41696	01a248b0-9442-70ec-ba97-9114a7cba9f0	01a248b0-9442-7b79-89a7-fe9af3c37264	fx-immediate	01a248b0-8a17-796a-8f0d-22fd04e70d93	Email	anna@fixture.example	Immediate	Urgent	\N	Sent	2026-12-06 00:11:01.917335+00	\N	1	0	2026-12-06 00:11:02.904059+00	2026-12-06 00:11:02.904059+00	250 accepted by 127.0.0.1:2525	\N	\N
01a248b0-959d-764e-97f7-8d99f365cb2d	01a248b0-9442-70ec-ba97-9114a7cba9f0	01a248b0-9442-7b79-89a7-fe9af3c37264	fx-immediate	01a248b0-8a18-79b5-b099-b28f53722947	Email	smtp-550-bo@fixture.example	Immediate	Urgent	\N	Failed	2026-12-06 00:11:01.917335+00	\N	1	0	2026-12-06 00:11:02.904059+00	\N	550 Mailbox unavailable. The server response was: 5.1.1 Test sink: mailbox unavailable	\N	\N
01a248b0-959d-7ef5-8320-754b94637930	01a248b0-9442-70ec-ba97-9114a7cba9f0	01a248b0-9442-7b79-89a7-fe9af3c37264	fx-digest	01a248b0-8ad8-7f9f-a3b6-0a3230f133eb	Email	cecilie@fixture.example	Immediate	Urgent	\N	Sent	2026-12-06 00:11:01.917335+00	\N	1	0	2026-12-06 00:11:02.904059+00	2026-12-06 00:11:02.904059+00	250 accepted by 127.0.0.1:2525	\N	\N
01a248b0-98f1-7353-bd1d-14f8f41f2d8d	01a248b0-982a-7169-87ff-2c75ca551972	01a248b0-933d-76e0-993d-48bb148d6a80	fx-immediate	01a248b0-8a17-796a-8f0d-22fd04e70d93	Email	anna@fixture.example	Immediate	Normal	\N	Sent	2026-12-06 00:11:02.769877+00	\N	1	0	2026-12-06 00:11:03.098262+00	2026-12-06 00:11:03.098262+00	250 accepted by 127.0.0.1:2525	\N	\N
01a248b0-98f1-7bf3-9acb-2bbe262aac67	01a248b0-982a-7169-87ff-2c75ca551972	01a248b0-933d-76e0-993d-48bb148d6a80	fx-immediate	01a248b0-8a18-79b5-b099-b28f53722947	Email	smtp-550-bo@fixture.example	Immediate	Normal	\N	Failed	2026-12-06 00:11:02.769877+00	\N	1	0	2026-12-06 00:11:03.098262+00	\N	550 Mailbox unavailable. The server response was: 5.1.1 Test sink: mailbox unavailable	\N	\N
01a248b0-98f1-7cc2-812f-73082e55783c	01a248b0-982a-7169-87ff-2c75ca551972	01a248b0-933d-76e0-993d-48bb148d6a80	fx-digest	01a248b0-8ad8-7f9f-a3b6-0a3230f133eb	Email	cecilie@fixture.example	Digest	Normal	01a248b0-9b92-75a4-9415-81b607fc6fc5	Sent	2026-12-06 00:11:02.769877+00	2026-12-06 00:11:02.218607+00	1	0	2026-12-06 00:11:03.838101+00	2026-12-06 00:11:03.838101+00	250 accepted by 127.0.0.1:2525	\N	\N
\.


--
-- Data for Name: departments; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.departments ("Id", "Name", "Language", "TimeZone", "EscalateAfter", "AdminOwned") FROM stdin;
fx-immediate	Testavdelingen fx-immediate	nb	Europe/Oslo	\N	t
fx-digest	Testavdelingen fx-digest	nb	Europe/Oslo	\N	t
fx-urgent	Testavdelingen fx-urgent	nb	Europe/Oslo	02:00:00	t
\.


--
-- Data for Name: digests; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.digests ("Id", "DepartmentId", "RecipientId", "Address", "PeriodStartUtc", "PeriodEndUtc", "ItemCount", "State", "CreatedAtUtc", "DueAtUtc", "Attempts", "AmbiguousAttempts", "LastAttemptAtUtc", "SentAtUtc", "LastReply", "LockToken", "LockedUntilUtc") FROM stdin;
01a248b0-9b92-75a4-9415-81b607fc6fc5	fx-digest	01a248b0-8ad8-7f9f-a3b6-0a3230f133eb	cecilie@fixture.example	2026-12-06 00:11:02.769877+00	2026-12-06 00:11:02.218607+00	1	Sent	2026-12-06 00:11:03.442522+00	\N	1	0	2026-12-06 00:11:03.838101+00	2026-12-06 00:11:03.838101+00	250 accepted by 127.0.0.1:2525	\N	\N
\.


--
-- Data for Name: outbox; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.outbox ("Id", "MessageType", "Payload", "CreatedAtUtc", "LockToken", "LockedUntilUtc", "SentAtUtc", "Attempts", "LastError") FROM stdin;
01a248b0-9442-7964-a10a-37907930d36a	AdvisoryWatch.Contracts.ChangeDetected	{"changeId":"01a248b0-9442-70ec-ba97-9114a7cba9f0","advisoryId":"01a248b0-9442-7b79-89a7-fe9af3c37264","sourceId":"stub-nsm","kind":0,"severity":3,"title":"Blixtmeddelande: kritisk s\\u00E5rbarhet utnyttjas aktivt","url":"https://nsm.no/aktuelt/new-1e98781b","summary":"S\\u00E5rbarheten utnyttjas aktivt; patcha omedelbart.","topics":["cybersecurity","vulnerabilities"],"language":"nb","detectedAtUtc":"2026-12-06T00:11:01.570564+00:00"}	2026-12-06 00:11:01.570564+00	\N	\N	2026-12-06 00:11:01.792778+00	0	\N
01a248b0-982a-71f1-9563-cfa597b1e8c1	AdvisoryWatch.Contracts.ChangeDetected	{"changeId":"01a248b0-982a-7169-87ff-2c75ca551972","advisoryId":"01a248b0-933d-76e0-993d-48bb148d6a80","sourceId":"stub-page","kind":2,"severity":1,"title":"Retningslinjer for logging","url":"http://127.0.0.1:34191/stub-page","summary":"Retningslinjer for logging\\nLogg alle p\\u00E5logginger.\\nOppbevar logger i tolv m\\u00E5neder.","topics":["guidance"],"language":"nb","detectedAtUtc":"2026-12-06T00:11:02.5704294+00:00"}	2026-12-06 00:11:02.570429+00	\N	\N	2026-12-06 00:11:02.712215+00	0	\N
\.


--
-- Data for Name: recipients; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.recipients ("Id", "DepartmentId", "Channel", "Role", "Address", "Name", "Language", "TimeZone", "UnsubscribedAtUtc") FROM stdin;
01a248b0-8a17-796a-8f0d-22fd04e70d93	fx-immediate	Email	Member	anna@fixture.example	\N	\N	\N	\N
01a248b0-8a18-79b5-b099-b28f53722947	fx-immediate	Email	Member	smtp-550-bo@fixture.example	\N	\N	\N	\N
01a248b0-8ad8-7f9f-a3b6-0a3230f133eb	fx-digest	Email	Member	cecilie@fixture.example	\N	\N	\N	\N
01a248b0-8b00-7785-87aa-d9f3520018de	fx-urgent	Email	Coordinator	koordinator@fixture.example	\N	\N	\N	\N
01a248b0-8b00-7e8b-97d2-35e00112d93b	fx-urgent	Email	Member	dag@fixture.example	\N	\N	\N	\N
\.


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_version (version, applied_at_utc, description) FROM stdin;
1	2026-12-06T00:10:57.1535334+00:00	created from the model
\.


--
-- Data for Name: shared_secrets; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.shared_secrets ("Name", "Value", "CreatedAtUtc") FROM stdin;
link-signing-key	N1gMRdwviZoF0oL44waTmUmp14e5mfhFDIdbM/YgPNs=	2026-12-06 00:10:57.67319+00
\.


--
-- Data for Name: sources; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.sources ("Id", "Name", "Authority", "Country", "Language", "Kind", "Url", "WebsiteUrl", "HtmlList", "PageWatch", "FallbackKind", "FallbackUrl", "FallbackHtmlList", "FallbackPageWatch", "DiscoverFrom", "StripQueryPrefixes", "DefaultTopics", "Enabled", "IntervalMinutes", "StaleAfterDays", "NeedsVerification", "Notes", "NextCheckAtUtc", "ClaimToken", "ClaimedUntilUtc", "ConsecutiveFailures", "RetryAfterUtc", "ETag", "LastModified", "LastAttemptAtUtc", "LastSuccessAtUtc", "LastStatusCode", "FinalUrl", "PermanentRedirectTo", "LastError", "ItemsSeen", "NewestItemAtUtc", "BaselineTakenAtUtc", "SeedHash", "CreatedAtUtc", "UpdatedAtUtc") FROM stdin;
stub-nsm	Stub stub-nsm	Stub authority	NO	nb	Feed	http://127.0.0.1:34191/stub-nsm	\N	\N	\N	HtmlList	http://127.0.0.1:34191/stub-nsm-list	{"item":"li.article","link":"a[href]","date":".date","dateFormat":"d MMMM yyyy","dateCulture":"nb"}	\N	\N	{}	{cybersecurity}	t	60	60	f	\N	2026-12-06 01:11:01.570177+00	\N	\N	0	\N	\N	\N	2026-12-06 00:11:01.570177+00	2026-12-06 00:11:01.570177+00	200	http://127.0.0.1:34191/stub-nsm	\N	\N	2	2026-11-03 09:30:00+00	2026-12-06 00:11:00.322093+00	\N	2026-12-06 00:10:58.234614+00	2026-12-06 00:10:58.234614+00
stub-page	Stub stub-page	Stub authority	NO	nb	Page	http://127.0.0.1:34191/stub-page	\N	\N	{"contentSelector":"main","excludeSelectors":[".updated"]}	\N	\N	\N	\N	\N	{}	{}	t	60	60	f	\N	2026-12-06 01:11:02.57037+00	\N	\N	0	\N	\N	\N	2026-12-06 00:11:02.57037+00	2026-12-06 00:11:02.57037+00	200	http://127.0.0.1:34191/stub-page	\N	\N	1	\N	2026-12-06 00:11:01.309359+00	\N	2026-12-06 00:10:58.234614+00	2026-12-06 00:10:58.234614+00
\.


--
-- Data for Name: subscriptions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.subscriptions ("Id", "DepartmentId", "Sources", "Topics", "MinimumSeverity", "Cadence", "At", "Day", "UrgentImmediately") FROM stdin;
67c67944-11e8-4f05-9c2c-3d6ca5f87aeb	fx-immediate	{stub-nsm,stub-page}	{}	Low	Immediate	\N	\N	t
8bb12e5d-a33e-4c86-943f-076efb666b5b	fx-digest	{stub-nsm,stub-page}	{}	Low	Daily	08:00:00	\N	t
206a9c6e-4b31-4130-8d5b-635a5077666c	fx-urgent	{stub-nsm}	{}	Urgent	Daily	08:00:00	\N	t
\.


--
-- Data for Name: topic_rule_versions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.topic_rule_versions ("Version", "Yaml", "SavedAtUtc", "SavedBy", "Comment") FROM stdin;
1	# Topic and severity rules shipped with AdvisoryWatch. Stored in the database as version 1 of the\n# rules on first start; after that the stored rules are what counts (edit them with\n# `advisorywatch topics set-rules` or PUT /api/v1/topics/rules). Format: seeds/README.md.\npatternTimeoutMilliseconds: 100\ndefaultSeverity: normal\n\ntopics:\n  - id: tiktok\n    names: { nb: TikTok, sv: TikTok, en: TikTok }\n    keywords: [TikTok, ByteDance, Douyin]\n\n  - id: telegram\n    names: { nb: Telegram, sv: Telegram, en: Telegram }\n    keywords: [Telegram]\n\n  - id: social-media\n    names: { nb: Sosiale medier, sv: Sociala medier, en: Social media }\n    keywords: [Facebook, Instagram, Snapchat, LinkedIn, YouTube, WeChat]\n    keywordsByLanguage:\n      nb: [sosiale medier, sosialt medium, sosiale medium, sosiale nettverk]\n      nn: [sosiale medium, sosialt medium, sosiale medier]\n      sv: [sociala medier, sociala medie*, socialt medium, sociala nätverk]\n      da: [sociale medier]\n      en: [social media, social network*]\n\n  - id: apps\n    names: { nb: Apper, sv: Appar, en: Apps }\n    keywords: [app, apps, mobilapp*]\n    keywordsByLanguage:\n      nb: [appen, apper, appene, applikasjon*]\n      nn: [appen, apper, appene, applikasjon*]\n      sv: [appen, appar, apparna, applikation*]\n      da: [appen, apper, appene, applikation*]\n      en: [applications, application, mobile app*]\n\n  - id: privacy\n    names: { nb: Personvern, sv: Dataskydd, en: Privacy }\n    aliases: [data-protection]\n    keywords: [GDPR, DPIA, Schrems]\n    keywordsByLanguage:\n      nb: [personvern*, personopplysning*, behandlingsansvarlig*, databehandleravtale*]\n      nn: [personvern*, personopplysning*]\n      sv: [dataskydd*, integritetsskydd*, personuppgift*, personuppgiftsansvarig*, personuppgiftsbiträde*]\n      da: [databeskyttelse*, persondata*, personoplysning*]\n      en: [privacy, personal data, data protection, data subject*]\n\n  - id: vulnerabilities\n    names: { nb: Sårbarheter, sv: Sårbarheter, en: Vulnerabilities }\n    keywords: [sårbarhet*, vulnerabilit*, exploit, exploits, nulldagssårbarhet*, nolldagssårbarhet*, zero-day, zero-days]\n    keywordsByLanguage:\n      nb: [sikkerhetshull, sikkerhetsoppdatering*, svakhet, svakheter]\n      sv: [säkerhetshål, säkerhetsuppdatering*, säkerhetsbrist*]\n      en: [security update*, security patch*]\n    patterns: ['\\bCVE-\\d{4}-\\d{4,}\\b']\n\n  - id: ransomware\n    names: { nb: Løsepengevirus, sv: Utpressningsvirus, en: Ransomware }\n    keywords: [ransomware, løsepengevirus, løsepengeangrep, utpressningsvirus, utpressningsprogram*, utpressningsattack*, LockBit]\n\n  - id: phishing\n    names: { nb: Nettfiske, sv: Nätfiske, en: Phishing }\n    keywords: [phishing*, nettfiske*, nätfiske*, smishing, vishing, spearphishing, spear phishing]\n\n  - id: espionage\n    names: { nb: Spionasje, sv: Spionage, en: Espionage }\n    keywords: [spionasje, spionage, espionage, etterretningstrussel*, etterretningsaktivitet*, underrättelsehot*, underrättelseverksamhet*, cyberspionasje, cyberespionage, intelligence service*, foreign intelligence]\n\n  - id: influence\n    names: { nb: Påvirkningsoperasjoner, sv: Påverkansoperationer, en: Influence operations }\n    keywords:\n      - påvirkningsoperasjon*\n      - påvirkningsaktivitet*\n      - påvirkningskampanje*\n      - informasjonspåvirkning\n      - påverkansoperation*\n      - påverkanskampanj*\n      - informationspåverkan\n      - desinformasjon\n      - desinformation\n      - disinformation\n      - influence operation*\n      - foreign interference\n\n  - id: cloud\n    names: { nb: Skytjenester, sv: Molntjänster, en: Cloud services }\n    keywords: [cloud, skytjeneste*, nettsky*, skyløsning*, molntjänst*, molnet, molnlösning*, SaaS]\n\n  - id: ai\n    names: { nb: Kunstig intelligens, sv: Artificiell intelligens, en: Artificial intelligence }\n    keywords: [AI, kunstig intelligens, artificiell intelligens, artificial intelligence, maskinlæring, maskininlärning, machine learning, språkmodell*, language model*, ChatGPT, chatbot*]\n    keywordsByLanguage:\n      nb: [KI]\n      nn: [KI]\n\n  - id: mobile-devices\n    names: { nb: Mobile enheter, sv: Mobila enheter, en: Mobile devices }\n    keywords: [mobiltelefon*, smarttelefon*, smartphone*, iPhone, Android, nettbrett*, surfplatt*]\n    keywordsByLanguage:\n      nb: [mobile enheter, mobil enhet, mobilt utstyr, mobile utstyr, mobile tjenesteenheter, tjenestetelefon*, jobbtelefon*, jobbmobil*]\n      nn: [mobile einingar, tenestetelefon*]\n      sv: [mobila enheter, mobil enhet, tjänstetelefon*, tjänstemobil*, jobbmobil*, arbetstelefon*]\n      en: [mobile device*, mobile phone*, work phone*]\n\n  # The topics the source catalogue gives as defaults (seeds/sources.yaml): every one of them is a\n  # topic id or alias here, so an item keeps its source's topics under their canonical id.\n  - id: cybersecurity\n    names: { nb: Digital sikkerhet, sv: Cybersäkerhet, en: Cybersecurity }\n    aliases: [cyber, information-security]\n    keywords: [cybersikkerhet, cybersäkerhet, cybersecurity, cyber security, IKT-sikkerhet, IT-säkerhet, informasjonssikkerhet, informationssäkerhet, information security, digital sikkerhet, cyberangrep*, dataangrep*, datainnbrudd*, cyberattack*, dataintrång*, cyber attack*, DDoS, tjenestenektangrep*, överbelastningsattack*]\n\n  - id: guidance\n    names: { nb: Veiledning, sv: Vägledning, en: Guidance }\n    keywords: [guidance, guideline*, best practice*]\n    keywordsByLanguage:\n      nb: [veileder*, veiledning*, anbefaling*, retningslinje*, grunnprinsipp*, råd om]\n      nn: [rettleiar*, rettleiing*, tilråding*]\n      sv: [vägledning*, rekommendation*, riktlinje*, råd om, handbok]\n      da: [vejledning*, anbefaling*]\n\n  - id: policy\n    names: { nb: Regelverk og politikk, sv: Regelverk och politik, en: Policy and regulation }\n    aliases: [regulation]\n    keywords: [NIS2, NIS-direktiv*, CRA, regulation, directive, legislation]\n    keywordsByLanguage:\n      nb: [lovforslag*, forskrift*, høring*, høringsnotat*, forordning*, direktiv*, stortingsmelding*, strategi]\n      nn: [lovforslag*, forskrift*, høyring*]\n      sv: [lagförslag*, förordning*, förordningen, remiss*, direktiv*, proposition*, strategi]\n      da: [lovforslag*, bekendtgørelse*, høring*]\n\n  - id: national-security\n    names: { nb: Nasjonal sikkerhet, sv: Nationell säkerhet, en: National security }\n    aliases: [security, protective-security]\n    keywords: [sikkerhetsloven, forebyggende sikkerhet, grunnleggende nasjonale funksjoner, skjermingsverdig*, nasjonal sikkerhet, säkerhetsskydd*, nationell säkerhet, national security, protective security, terror*, sabotasje, sabotage, statlige aktører, statliga aktörer, state actor*]\n\n  - id: surveillance\n    names: { nb: Overvåking, sv: Övervakning, en: Surveillance }\n    keywords: [overvåking*, overvåkning*, övervakning*, surveillance, spionprogram*, spyware, stalkerware, Pegasus, kommersiell spionvare]\n\n  - id: preparedness\n    names: { nb: Beredskap, sv: Beredskap, en: Preparedness }\n    keywords: [beredskap*, preparedness, resilience, krisehåndtering, krisberedskap, totalforsvar*, totalförsvar*, civilt försvar, motstandsdyktighet, motståndskraft]\n\n  - id: municipalities\n    names: { nb: Kommuner, sv: Kommuner, en: Municipalities }\n    keywords: [KS, SKR]\n    keywordsByLanguage:\n      # Not "kommun*": it would also match kommunikasjon/kommunikation.\n      nb: [kommune, kommunen, kommuner, kommunene, kommunens, kommunal*, fylkeskommune*, kommunesektor*]\n      nn: [kommune, kommunen, kommunar, kommunane, kommunal*, fylkeskommune*]\n      sv: [kommun, kommunen, kommuner, kommunerna, kommunens, kommunal*, kommunstyrelse*, kommunfullmäktige]\n      da: [kommune, kommunen, kommuner, kommunerne, kommunal*]\n      en: [municipality, municipalities, local government, local authorit*]\n\nseverityRules:\n  # CERT-SE's flash bulletins: the Swedish national CERT's most urgent kind of notice.\n  - id: cert-se-flash\n    severity: urgent\n    field: title\n    keywords: [Blixtmeddelande, Blixtmeddelanden]\n\n  - id: actively-exploited\n    severity: high\n    keywords:\n      - actively exploited\n      - active exploitation\n      - exploited in the wild\n      - aktivt utnyttet\n      - aktivt utnyttede\n      - utnyttes aktivt\n      - aktivt utnyttjad\n      - aktivt utnyttjade\n      - aktivt utnyttjas\n      - utnyttjas aktivt\n      - zero-day\n      - zero-days\n      - 0-day\n      - nulldagssårbarhet*\n      - nolldagssårbarhet*\n\n  - id: critical-vulnerability\n    severity: high\n    keywords: [kritisk* sårbarhet*, critical vulnerabilit*, critical security vulnerabilit*]\n    # A CVSS base score of 9.0 or more, as advisories print it ("CVSS 9.8", "CVSSv3.1: 10.0", "CVSS-score på 9,8").\n    patterns: ['\\bCVSS(?:v?[234](?:\\.\\d)?)?(?:[\\s-]*(?:base[\\s-]*)?score)?(?:\\s*(?:of|på|:|=))?\\s*(?:9[.,]\\d|10(?:[.,]0)?)\\b']\n	2026-12-06 00:10:57.882132+00	\N	shipped seed
2	# Topic and severity rules shipped with AdvisoryWatch. Stored in the database as version 1 of the\n# rules on first start; after that the stored rules are what counts (edit them with\n# `advisorywatch topics set-rules` or PUT /api/v1/topics/rules). Format: seeds/README.md.\npatternTimeoutMilliseconds: 100\ndefaultSeverity: normal\n\ntopics:\n  - id: tiktok\n    names: { nb: TikTok, sv: TikTok, en: TikTok }\n    keywords: [TikTok, ByteDance, Douyin]\n\n  - id: telegram\n    names: { nb: Telegram, sv: Telegram, en: Telegram }\n    keywords: [Telegram]\n\n  - id: social-media\n    names: { nb: Sosiale medier, sv: Sociala medier, en: Social media }\n    keywords: [Facebook, Instagram, Snapchat, LinkedIn, YouTube, WeChat]\n    keywordsByLanguage:\n      nb: [sosiale medier, sosialt medium, sosiale medium, sosiale nettverk]\n      nn: [sosiale medium, sosialt medium, sosiale medier]\n      sv: [sociala medier, sociala medie*, socialt medium, sociala nätverk]\n      da: [sociale medier]\n      en: [social media, social network*]\n\n  - id: apps\n    names: { nb: Apper, sv: Appar, en: Apps }\n    keywords: [app, apps, mobilapp*]\n    keywordsByLanguage:\n      nb: [appen, apper, appene, applikasjon*]\n      nn: [appen, apper, appene, applikasjon*]\n      sv: [appen, appar, apparna, applikation*]\n      da: [appen, apper, appene, applikation*]\n      en: [applications, application, mobile app*]\n\n  - id: privacy\n    names: { nb: Personvern, sv: Dataskydd, en: Privacy }\n    aliases: [data-protection]\n    keywords: [GDPR, DPIA, Schrems]\n    keywordsByLanguage:\n      nb: [personvern*, personopplysning*, behandlingsansvarlig*, databehandleravtale*]\n      nn: [personvern*, personopplysning*]\n      sv: [dataskydd*, integritetsskydd*, personuppgift*, personuppgiftsansvarig*, personuppgiftsbiträde*]\n      da: [databeskyttelse*, persondata*, personoplysning*]\n      en: [privacy, personal data, data protection, data subject*]\n\n  - id: vulnerabilities\n    names: { nb: Sårbarheter, sv: Sårbarheter, en: Vulnerabilities }\n    keywords: [sårbarhet*, vulnerabilit*, exploit, exploits, nulldagssårbarhet*, nolldagssårbarhet*, zero-day, zero-days]\n    keywordsByLanguage:\n      nb: [sikkerhetshull, sikkerhetsoppdatering*, svakhet, svakheter]\n      sv: [säkerhetshål, säkerhetsuppdatering*, säkerhetsbrist*]\n      en: [security update*, security patch*]\n    patterns: ['\\bCVE-\\d{4}-\\d{4,}\\b']\n\n  - id: ransomware\n    names: { nb: Løsepengevirus, sv: Utpressningsvirus, en: Ransomware }\n    keywords: [ransomware, løsepengevirus, løsepengeangrep, utpressningsvirus, utpressningsprogram*, utpressningsattack*, LockBit]\n\n  - id: phishing\n    names: { nb: Nettfiske, sv: Nätfiske, en: Phishing }\n    keywords: [phishing*, nettfiske*, nätfiske*, smishing, vishing, spearphishing, spear phishing]\n\n  - id: espionage\n    names: { nb: Spionasje, sv: Spionage, en: Espionage }\n    keywords: [spionasje, spionage, espionage, etterretningstrussel*, etterretningsaktivitet*, underrättelsehot*, underrättelseverksamhet*, cyberspionasje, cyberespionage, intelligence service*, foreign intelligence]\n\n  - id: influence\n    names: { nb: Påvirkningsoperasjoner, sv: Påverkansoperationer, en: Influence operations }\n    keywords:\n      - påvirkningsoperasjon*\n      - påvirkningsaktivitet*\n      - påvirkningskampanje*\n      - informasjonspåvirkning\n      - påverkansoperation*\n      - påverkanskampanj*\n      - informationspåverkan\n      - desinformasjon\n      - desinformation\n      - disinformation\n      - influence operation*\n      - foreign interference\n\n  - id: cloud\n    names: { nb: Skytjenester, sv: Molntjänster, en: Cloud services }\n    keywords: [cloud, skytjeneste*, nettsky*, skyløsning*, molntjänst*, molnet, molnlösning*, SaaS]\n\n  - id: ai\n    names: { nb: Kunstig intelligens, sv: Artificiell intelligens, en: Artificial intelligence }\n    keywords: [AI, kunstig intelligens, artificiell intelligens, artificial intelligence, maskinlæring, maskininlärning, machine learning, språkmodell*, language model*, ChatGPT, chatbot*]\n    keywordsByLanguage:\n      nb: [KI]\n      nn: [KI]\n\n  - id: mobile-devices\n    names: { nb: Mobile enheter, sv: Mobila enheter, en: Mobile devices }\n    keywords: [mobiltelefon*, smarttelefon*, smartphone*, iPhone, Android, nettbrett*, surfplatt*]\n    keywordsByLanguage:\n      nb: [mobile enheter, mobil enhet, mobilt utstyr, mobile utstyr, mobile tjenesteenheter, tjenestetelefon*, jobbtelefon*, jobbmobil*]\n      nn: [mobile einingar, tenestetelefon*]\n      sv: [mobila enheter, mobil enhet, tjänstetelefon*, tjänstemobil*, jobbmobil*, arbetstelefon*]\n      en: [mobile device*, mobile phone*, work phone*]\n\n  # The topics the source catalogue gives as defaults (seeds/sources.yaml): every one of them is a\n  # topic id or alias here, so an item keeps its source's topics under their canonical id.\n  - id: cybersecurity\n    names: { nb: Digital sikkerhet, sv: Cybersäkerhet, en: Cybersecurity }\n    aliases: [cyber, information-security]\n    keywords: [cybersikkerhet, cybersäkerhet, cybersecurity, cyber security, IKT-sikkerhet, IT-säkerhet, informasjonssikkerhet, informationssäkerhet, information security, digital sikkerhet, cyberangrep*, dataangrep*, datainnbrudd*, cyberattack*, dataintrång*, cyber attack*, DDoS, tjenestenektangrep*, överbelastningsattack*]\n\n  - id: guidance\n    names: { nb: Veiledning, sv: Vägledning, en: Guidance }\n    keywords: [guidance, guideline*, best practice*]\n    keywordsByLanguage:\n      nb: [veileder*, veiledning*, anbefaling*, retningslinje*, grunnprinsipp*, råd om]\n      nn: [rettleiar*, rettleiing*, tilråding*]\n      sv: [vägledning*, rekommendation*, riktlinje*, råd om, handbok]\n      da: [vejledning*, anbefaling*]\n\n  - id: policy\n    names: { nb: Regelverk og politikk, sv: Regelverk och politik, en: Policy and regulation }\n    aliases: [regulation]\n    keywords: [NIS2, NIS-direktiv*, CRA, regulation, directive, legislation]\n    keywordsByLanguage:\n      nb: [lovforslag*, forskrift*, høring*, høringsnotat*, forordning*, direktiv*, stortingsmelding*, strategi]\n      nn: [lovforslag*, forskrift*, høyring*]\n      sv: [lagförslag*, förordning*, förordningen, remiss*, direktiv*, proposition*, strategi]\n      da: [lovforslag*, bekendtgørelse*, høring*]\n\n  - id: national-security\n    names: { nb: Nasjonal sikkerhet, sv: Nationell säkerhet, en: National security }\n    aliases: [security, protective-security]\n    keywords: [sikkerhetsloven, forebyggende sikkerhet, grunnleggende nasjonale funksjoner, skjermingsverdig*, nasjonal sikkerhet, säkerhetsskydd*, nationell säkerhet, national security, protective security, terror*, sabotasje, sabotage, statlige aktører, statliga aktörer, state actor*]\n\n  - id: surveillance\n    names: { nb: Overvåking, sv: Övervakning, en: Surveillance }\n    keywords: [overvåking*, overvåkning*, övervakning*, surveillance, spionprogram*, spyware, stalkerware, Pegasus, kommersiell spionvare]\n\n  - id: preparedness\n    names: { nb: Beredskap, sv: Beredskap, en: Preparedness }\n    keywords: [beredskap*, preparedness, resilience, krisehåndtering, krisberedskap, totalforsvar*, totalförsvar*, civilt försvar, motstandsdyktighet, motståndskraft]\n\n  - id: municipalities\n    names: { nb: Kommuner, sv: Kommuner, en: Municipalities }\n    keywords: [KS, SKR]\n    keywordsByLanguage:\n      # Not "kommun*": it would also match kommunikasjon/kommunikation.\n      nb: [kommune, kommunen, kommuner, kommunene, kommunens, kommunal*, fylkeskommune*, kommunesektor*]\n      nn: [kommune, kommunen, kommunar, kommunane, kommunal*, fylkeskommune*]\n      sv: [kommun, kommunen, kommuner, kommunerna, kommunens, kommunal*, kommunstyrelse*, kommunfullmäktige]\n      da: [kommune, kommunen, kommuner, kommunerne, kommunal*]\n      en: [municipality, municipalities, local government, local authorit*]\n\nseverityRules:\n  # CERT-SE's flash bulletins: the Swedish national CERT's most urgent kind of notice.\n  - id: cert-se-flash\n    severity: urgent\n    field: title\n    keywords: [Blixtmeddelande, Blixtmeddelanden]\n\n  - id: actively-exploited\n    severity: high\n    keywords:\n      - actively exploited\n      - active exploitation\n      - exploited in the wild\n      - aktivt utnyttet\n      - aktivt utnyttede\n      - utnyttes aktivt\n      - aktivt utnyttjad\n      - aktivt utnyttjade\n      - aktivt utnyttjas\n      - utnyttjas aktivt\n      - zero-day\n      - zero-days\n      - 0-day\n      - nulldagssårbarhet*\n      - nolldagssårbarhet*\n\n  - id: critical-vulnerability\n    severity: high\n    keywords: [kritisk* sårbarhet*, critical vulnerabilit*, critical security vulnerabilit*]\n    # A CVSS base score of 9.0 or more, as advisories print it ("CVSS 9.8", "CVSSv3.1: 10.0", "CVSS-score på 9,8").\n    patterns: ['\\bCVSS(?:v?[234](?:\\.\\d)?)?(?:[\\s-]*(?:base[\\s-]*)?score)?(?:\\s*(?:of|på|:|=))?\\s*(?:9[.,]\\d|10(?:[.,]0)?)\\b']\n\n# fixture: saved again\n	2026-12-06 00:11:03.890411+00	\N	fixture
\.


--
-- Name: acknowledgements PK_acknowledgements; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.acknowledgements
    ADD CONSTRAINT "PK_acknowledgements" PRIMARY KEY ("Id");


--
-- Name: advisories PK_advisories; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.advisories
    ADD CONSTRAINT "PK_advisories" PRIMARY KEY ("Id");


--
-- Name: advisory_versions PK_advisory_versions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.advisory_versions
    ADD CONSTRAINT "PK_advisory_versions" PRIMARY KEY ("Id");


--
-- Name: change_log PK_change_log; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.change_log
    ADD CONSTRAINT "PK_change_log" PRIMARY KEY ("ChangeId");


--
-- Name: deliveries PK_deliveries; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT "PK_deliveries" PRIMARY KEY ("Id");


--
-- Name: departments PK_departments; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.departments
    ADD CONSTRAINT "PK_departments" PRIMARY KEY ("Id");


--
-- Name: digests PK_digests; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.digests
    ADD CONSTRAINT "PK_digests" PRIMARY KEY ("Id");


--
-- Name: outbox PK_outbox; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT "PK_outbox" PRIMARY KEY ("Id");


--
-- Name: recipients PK_recipients; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recipients
    ADD CONSTRAINT "PK_recipients" PRIMARY KEY ("Id");


--
-- Name: shared_secrets PK_shared_secrets; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shared_secrets
    ADD CONSTRAINT "PK_shared_secrets" PRIMARY KEY ("Name");


--
-- Name: sources PK_sources; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sources
    ADD CONSTRAINT "PK_sources" PRIMARY KEY ("Id");


--
-- Name: subscriptions PK_subscriptions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT "PK_subscriptions" PRIMARY KEY ("Id");


--
-- Name: topic_rule_versions PK_topic_rule_versions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.topic_rule_versions
    ADD CONSTRAINT "PK_topic_rule_versions" PRIMARY KEY ("Version");


--
-- Name: IX_acknowledgements_ChangeId_DepartmentId; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "IX_acknowledgements_ChangeId_DepartmentId" ON public.acknowledgements USING btree ("ChangeId", "DepartmentId");


--
-- Name: IX_advisories_LastChangedAtUtc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_advisories_LastChangedAtUtc" ON public.advisories USING btree ("LastChangedAtUtc");


--
-- Name: IX_advisories_SourceId_ItemKey; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "IX_advisories_SourceId_ItemKey" ON public.advisories USING btree ("SourceId", "ItemKey");


--
-- Name: IX_advisory_versions_AdvisoryId_Version; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "IX_advisory_versions_AdvisoryId_Version" ON public.advisory_versions USING btree ("AdvisoryId", "Version");


--
-- Name: IX_deliveries_ChangeId_RecipientId; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "IX_deliveries_ChangeId_RecipientId" ON public.deliveries USING btree ("ChangeId", "RecipientId");


--
-- Name: IX_deliveries_DepartmentId_CreatedAtUtc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_deliveries_DepartmentId_CreatedAtUtc" ON public.deliveries USING btree ("DepartmentId", "CreatedAtUtc");


--
-- Name: IX_deliveries_DigestId; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_deliveries_DigestId" ON public.deliveries USING btree ("DigestId");


--
-- Name: IX_deliveries_State_DueAtUtc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_deliveries_State_DueAtUtc" ON public.deliveries USING btree ("State", "DueAtUtc");


--
-- Name: IX_digests_RecipientId_PeriodEndUtc; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "IX_digests_RecipientId_PeriodEndUtc" ON public.digests USING btree ("RecipientId", "PeriodEndUtc");


--
-- Name: IX_digests_State_DueAtUtc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_digests_State_DueAtUtc" ON public.digests USING btree ("State", "DueAtUtc");


--
-- Name: IX_outbox_SentAtUtc_CreatedAtUtc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_outbox_SentAtUtc_CreatedAtUtc" ON public.outbox USING btree ("SentAtUtc", "CreatedAtUtc");


--
-- Name: IX_recipients_DepartmentId_Role_Channel_Address; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX "IX_recipients_DepartmentId_Role_Channel_Address" ON public.recipients USING btree ("DepartmentId", "Role", "Channel", "Address");


--
-- Name: IX_sources_ClaimToken; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_sources_ClaimToken" ON public.sources USING btree ("ClaimToken") WHERE ("ClaimToken" IS NOT NULL);


--
-- Name: IX_sources_NextCheckAtUtc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_sources_NextCheckAtUtc" ON public.sources USING btree ("NextCheckAtUtc") WHERE "Enabled";


--
-- Name: IX_subscriptions_DepartmentId; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "IX_subscriptions_DepartmentId" ON public.subscriptions USING btree ("DepartmentId");


--
-- Name: advisories FK_advisories_sources_SourceId; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.advisories
    ADD CONSTRAINT "FK_advisories_sources_SourceId" FOREIGN KEY ("SourceId") REFERENCES public.sources("Id") ON DELETE CASCADE;


--
-- Name: advisory_versions FK_advisory_versions_advisories_AdvisoryId; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.advisory_versions
    ADD CONSTRAINT "FK_advisory_versions_advisories_AdvisoryId" FOREIGN KEY ("AdvisoryId") REFERENCES public.advisories("Id") ON DELETE CASCADE;


--
-- Name: recipients FK_recipients_departments_DepartmentId; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recipients
    ADD CONSTRAINT "FK_recipients_departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES public.departments("Id") ON DELETE CASCADE;


--
-- Name: subscriptions FK_subscriptions_departments_DepartmentId; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT "FK_subscriptions_departments_DepartmentId" FOREIGN KEY ("DepartmentId") REFERENCES public.departments("Id") ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict pgWAq9BNbrh8Pfg0KcdEphobcnmGQ61HuE1g8Mx2LoS19H3sY6uLBXwERCqnmbE


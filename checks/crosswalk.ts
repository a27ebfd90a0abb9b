// The document's 18 IDs against the real ISO/IEC 42001:2023 (shared/spec/iso42001-crosswalk.md).
// The document's Annex A numbers are its own grouping; reports show these official references
// beside every ID so an auditor is never handed a wrong control number.

export type CrosswalkFlag = 'OK' | 'TITLE' | 'MOVED' | 'ABSENT';

export interface OfficialItem {
  id: string;
  title: string;
  kind: 'clause' | 'annex-a';
  /** Parent objective or clause, for grouping in the official view. */
  parent: string;
}

export interface CrosswalkEntry {
  /** Official ISO/IEC 42001:2023 clauses and Annex A controls the document's ID supports. */
  officialReferences: string[];
  /** References outside ISO/IEC 42001 (ISO/IEC 27001, 27701) shown as context. */
  otherStandards: string[];
  flag: CrosswalkFlag;
  /** One sentence an auditor can read beside the document's ID. */
  note: string;
}

export const CROSSWALK: Readonly<Record<string, CrosswalkEntry>> = {
  '6.1.2': { officialReferences: ['6.1.1', '6.1.2', '8.2'], otherStandards: [], flag: 'TITLE', note: 'Clause 6.1.2 exists; the standard titles it "AI risk assessment" (with 6.1.1 and 8.2).' },
  '7.5': { officialReferences: ['7.5.1', '7.5.2', '7.5.3', 'A.4.3', 'A.7.2', 'A.7.3', 'A.7.4', 'A.7.5', 'A.7.6'], otherStandards: [], flag: 'TITLE', note: 'Clause 7.5 is "Documented information"; the data-management part maps to A.4.3 and A.7.2–A.7.6.' },
  '9.1': { officialReferences: ['9.1', 'A.6.2.6'], otherStandards: [], flag: 'OK', note: 'Same number and topic as the standard; system monitoring itself is A.6.2.6.' },
  '9.2': { officialReferences: ['9.2.1', '9.2.2'], otherStandards: [], flag: 'OK', note: 'Same number and topic as the standard.' },
  'A.2': { officialReferences: ['A.5.2', 'A.5.3', 'A.5.4', 'A.5.5', '6.1.4', '8.4'], otherStandards: [], flag: 'MOVED', note: "The document's A.2 is impact assessment: official A.5.2–A.5.5, 6.1.4 and 8.4. Official A.2 is Policies related to AI." },
  'A.3': { officialReferences: ['A.7.2', 'A.7.3', 'A.7.4', 'A.7.5', 'A.7.6', 'A.4.3'], otherStandards: [], flag: 'MOVED', note: "The document's A.3 is data for AI systems: official A.7.2–A.7.6 and A.4.3. Official A.3 is Internal organization." },
  'A.4': { officialReferences: ['A.6.1.2', 'A.6.1.3', 'A.6.2.2', 'A.6.2.3'], otherStandards: [], flag: 'MOVED', note: "The document's A.4 is design and development: official A.6.1.2, A.6.1.3, A.6.2.2, A.6.2.3. Official A.4 is Resources for AI systems." },
  'A.5': { officialReferences: ['A.6.2.4'], otherStandards: [], flag: 'MOVED', note: "The document's A.5 is verification and validation: official A.6.2.4. Official A.5 is Assessing impacts of AI systems." },
  'A.6': { officialReferences: ['A.6.2.5', 'A.6.2.6'], otherStandards: [], flag: 'TITLE', note: "The document's A.6 is system operation: official A.6.2.5 and A.6.2.6 (official A.6 is the whole AI system life cycle)." },
  'A.7': { officialReferences: ['A.9.2', 'A.9.4', 'A.3.2', 'A.6.2.2'], otherStandards: [], flag: 'MOVED', note: "The document's A.7 is human oversight, which has no dedicated control: supports A.9.2, A.9.4, A.3.2, A.6.2.2. Official A.7 is Data for AI systems." },
  'A.8': { officialReferences: ['A.8.2', 'A.8.3', 'A.8.4', 'A.8.5', '7.4'], otherStandards: [], flag: 'TITLE', note: 'Official A.8 is "Information for interested parties of AI systems" (A.8.2–A.8.5), with clause 7.4.' },
  'A.9': { officialReferences: ['A.2.3', '6.1.2', '6.1.3'], otherStandards: ['ISO/IEC 27001:2022 Annex A'], flag: 'MOVED', note: "The document's A.9 (information security) is not an ISO/IEC 42001 control: it supports A.2.3, 6.1.2/6.1.3 and ISO/IEC 27001 Annex A. Official A.9 is Use of AI systems." },
  'A.10': { officialReferences: ['A.5.4', 'A.7.3', 'A.7.4', 'A.7.5', 'A.7.6', 'A.2.3'], otherStandards: ['ISO/IEC 27701'], flag: 'MOVED', note: "The document's A.10 (privacy) is not an ISO/IEC 42001 control: it supports A.5.4, A.7.3–A.7.6, A.2.3 and ISO/IEC 27701. Official A.10 is Third-party and customer relationships." },
  'A.11': { officialReferences: ['A.8.4', 'A.3.3', '10.2'], otherStandards: [], flag: 'ABSENT', note: 'No A.11 in the standard: incident handling supports A.8.4 Communication of incidents, A.3.3 and 10.2.' },
  'A.12': { officialReferences: ['A.6.2.8', 'A.6.2.6'], otherStandards: [], flag: 'ABSENT', note: 'No A.12 in the standard: logging is A.6.2.8 AI system recording of event logs, with A.6.2.6.' },
  'A.13': { officialReferences: ['A.6.1.2', 'A.6.1.3', 'A.6.2.2', 'A.6.2.3', 'A.6.2.4', 'A.6.2.5', 'A.6.2.6', 'A.6.2.7', 'A.6.2.8', '8.1'], otherStandards: [], flag: 'ABSENT', note: 'No A.13 in the standard: life-cycle management is the official A.6 objective (A.6.1.2–A.6.2.8) with 8.1.' },
  'A.14': { officialReferences: ['A.10.2', 'A.10.3', 'A.10.4', '8.1'], otherStandards: [], flag: 'ABSENT', note: 'No A.14 in the standard: third parties are official A.10.2–A.10.4 with 8.1.' },
  'A.15': { officialReferences: ['6.1.3', 'A.4.5', 'A.6.2.6'], otherStandards: ['ISO/IEC 27001:2022 A.5.29', 'ISO/IEC 27001:2022 A.5.30'], flag: 'ABSENT', note: 'No A.15 in the standard and no ISO/IEC 42001 continuity control: supports 6.1.3, A.4.5, A.6.2.6 and ISO/IEC 27001 A.5.29–A.5.30.' },
};

const clause = (id: string, title: string, parent: string): OfficialItem => ({ id, title, kind: 'clause', parent });
const annex = (id: string, title: string, parent: string): OfficialItem => ({ id, title, kind: 'annex-a', parent });

/** Clauses 4–10 (requirement level used in the official view). */
export const OFFICIAL_CLAUSES: readonly OfficialItem[] = [
  clause('4.1', 'Understanding the organization and its context', '4 Context of the organization'),
  clause('4.2', 'Understanding the needs and expectations of interested parties', '4 Context of the organization'),
  clause('4.3', 'Determining the scope of the AI management system', '4 Context of the organization'),
  clause('4.4', 'AI management system', '4 Context of the organization'),
  clause('5.1', 'Leadership and commitment', '5 Leadership'),
  clause('5.2', 'AI policy', '5 Leadership'),
  clause('5.3', 'Roles, responsibilities and authorities', '5 Leadership'),
  clause('6.1.1', 'General', '6 Planning'),
  clause('6.1.2', 'AI risk assessment', '6 Planning'),
  clause('6.1.3', 'AI risk treatment', '6 Planning'),
  clause('6.1.4', 'AI system impact assessment', '6 Planning'),
  clause('6.2', 'AI objectives and planning to achieve them', '6 Planning'),
  clause('6.3', 'Planning of changes', '6 Planning'),
  clause('7.1', 'Resources', '7 Support'),
  clause('7.2', 'Competence', '7 Support'),
  clause('7.3', 'Awareness', '7 Support'),
  clause('7.4', 'Communication', '7 Support'),
  clause('7.5.1', 'General', '7 Support'),
  clause('7.5.2', 'Creating and updating documented information', '7 Support'),
  clause('7.5.3', 'Control of documented information', '7 Support'),
  clause('8.1', 'Operational planning and control', '8 Operation'),
  clause('8.2', 'AI risk assessment', '8 Operation'),
  clause('8.3', 'AI risk treatment', '8 Operation'),
  clause('8.4', 'AI system impact assessment', '8 Operation'),
  clause('9.1', 'Monitoring, measurement, analysis and evaluation', '9 Performance evaluation'),
  clause('9.2.1', 'General', '9 Performance evaluation'),
  clause('9.2.2', 'Internal audit programme', '9 Performance evaluation'),
  clause('9.3', 'Management review', '9 Performance evaluation'),
  clause('10.1', 'Continual improvement', '10 Improvement'),
  clause('10.2', 'Nonconformity and corrective action', '10 Improvement'),
];

/** Annex A (normative): 9 objectives, 38 controls. */
export const ANNEX_A_CONTROLS: readonly OfficialItem[] = [
  annex('A.2.2', 'AI policy', 'A.2 Policies related to AI'),
  annex('A.2.3', 'Alignment with other organizational policies', 'A.2 Policies related to AI'),
  annex('A.2.4', 'Review of the AI policy', 'A.2 Policies related to AI'),
  annex('A.3.2', 'AI roles and responsibilities', 'A.3 Internal organization'),
  annex('A.3.3', 'Reporting of concerns', 'A.3 Internal organization'),
  annex('A.4.2', 'Resource documentation', 'A.4 Resources for AI systems'),
  annex('A.4.3', 'Data resources', 'A.4 Resources for AI systems'),
  annex('A.4.4', 'Tooling resources', 'A.4 Resources for AI systems'),
  annex('A.4.5', 'System and computing resources', 'A.4 Resources for AI systems'),
  annex('A.4.6', 'Human resources', 'A.4 Resources for AI systems'),
  annex('A.5.2', 'AI system impact assessment process', 'A.5 Assessing impacts of AI systems'),
  annex('A.5.3', 'Documentation of AI system impact assessments', 'A.5 Assessing impacts of AI systems'),
  annex('A.5.4', 'Assessing AI system impact on individuals or groups of individuals', 'A.5 Assessing impacts of AI systems'),
  annex('A.5.5', 'Assessing societal impacts of AI systems', 'A.5 Assessing impacts of AI systems'),
  annex('A.6.1.2', 'Objectives for responsible development of AI system', 'A.6 AI system life cycle'),
  annex('A.6.1.3', 'Processes for responsible AI system design and development', 'A.6 AI system life cycle'),
  annex('A.6.2.2', 'AI system requirements and specification', 'A.6 AI system life cycle'),
  annex('A.6.2.3', 'Documentation of AI system design and development', 'A.6 AI system life cycle'),
  annex('A.6.2.4', 'AI system verification and validation', 'A.6 AI system life cycle'),
  annex('A.6.2.5', 'AI system deployment', 'A.6 AI system life cycle'),
  annex('A.6.2.6', 'AI system operation and monitoring', 'A.6 AI system life cycle'),
  annex('A.6.2.7', 'AI system technical documentation', 'A.6 AI system life cycle'),
  annex('A.6.2.8', 'AI system recording of event logs', 'A.6 AI system life cycle'),
  annex('A.7.2', 'Data for development and enhancement of AI system', 'A.7 Data for AI systems'),
  annex('A.7.3', 'Acquisition of data', 'A.7 Data for AI systems'),
  annex('A.7.4', 'Quality of data for AI systems', 'A.7 Data for AI systems'),
  annex('A.7.5', 'Data provenance', 'A.7 Data for AI systems'),
  annex('A.7.6', 'Data preparation', 'A.7 Data for AI systems'),
  annex('A.8.2', 'System documentation and information for users', 'A.8 Information for interested parties of AI systems'),
  annex('A.8.3', 'External reporting', 'A.8 Information for interested parties of AI systems'),
  annex('A.8.4', 'Communication of incidents', 'A.8 Information for interested parties of AI systems'),
  annex('A.8.5', 'Information for interested parties', 'A.8 Information for interested parties of AI systems'),
  annex('A.9.2', 'Processes for responsible use of AI systems', 'A.9 Use of AI systems'),
  annex('A.9.3', 'Objectives for responsible use of AI system', 'A.9 Use of AI systems'),
  annex('A.9.4', 'Intended use of the AI system', 'A.9 Use of AI systems'),
  annex('A.10.2', 'Allocating responsibilities', 'A.10 Third-party and customer relationships'),
  annex('A.10.3', 'Suppliers', 'A.10 Third-party and customer relationships'),
  annex('A.10.4', 'Customers', 'A.10 Third-party and customer relationships'),
];

const OFFICIAL_IDS = new Set([...OFFICIAL_CLAUSES, ...ANNEX_A_CONTROLS].map((i) => i.id));

export function isOfficialId(id: string): boolean {
  return OFFICIAL_IDS.has(id);
}

/** "ISO/IEC 42001:2023/A.6.2.8": the form Security Hub's RelatedRequirements carries. */
export function officialLabel(id: string): string {
  return `ISO/IEC 42001:2023/${id}`;
}

/** Crosswalk entry for a document ID (undefined for an ID the crosswalk does not know). */
export function crosswalkLookup(id: string): CrosswalkEntry | undefined {
  return CROSSWALK[id];
}

// Generated from the mapping document by scripts/gen-catalog.mjs; test/catalog.test.ts fails if it drifts.
// IDs and service names are the document's own (its Annex A numbering is not the standard's: see crosswalk.ts).

export interface Mapping {
  /** Service name exactly as the document writes it. */
  service: string;
  implementation: string;
  controlSupport: string;
}

export interface Control {
  id: string;
  title: string;
  /** The document's clause group heading ("6 - Planning", "Annex A"). */
  group: string;
  description: string;
  mappings: Mapping[];
}

export const CONTROLS: readonly Control[] = [
  {
    "id": "6.1.2",
    "title": "Understanding AI System Risks and Opportunities",
    "group": "6 - Planning",
    "description": "Organization shall determine risks and opportunities related to AI systems",
    "mappings": [
      {
        "service": "Amazon SageMaker Model Monitor",
        "implementation": "Monitor ML models for data drift, model quality degradation, and bias detection to identify risks in production AI systems",
        "controlSupport": "Continuous monitoring and alerting on model performance and data quality"
      },
      {
        "service": "AWS Security Hub",
        "implementation": "Centralized security findings and compliance checks across AWS resources used for AI/ML workloads",
        "controlSupport": "Risk identification and security posture assessment"
      },
      {
        "service": "Amazon CloudWatch",
        "implementation": "Monitor AI system performance metrics, set alarms for anomalies, and track operational risks",
        "controlSupport": "Real-time visibility into AI system health and performance"
      }
    ]
  },
  {
    "id": "7.5",
    "title": "Documented Information and Data Management",
    "group": "7 - Support",
    "description": "Organization shall determine documented information necessary for effectiveness of AI management system",
    "mappings": [
      {
        "service": "Amazon S3",
        "implementation": "Store training data, model artifacts, and documentation with versioning, lifecycle policies, and encryption",
        "controlSupport": "Secure, versioned storage for AI system documentation and data"
      },
      {
        "service": "AWS Lake Formation",
        "implementation": "Centralized data governance for AI training data with fine-grained access controls and data catalog",
        "controlSupport": "Data governance, lineage tracking, and access management"
      },
      {
        "service": "AWS Glue Data Catalog",
        "implementation": "Metadata management and data discovery for AI/ML datasets",
        "controlSupport": "Data documentation, classification, and discovery"
      },
      {
        "service": "Amazon Macie",
        "implementation": "Automated discovery and classification of sensitive data in training datasets",
        "controlSupport": "Data privacy and sensitive data identification"
      }
    ]
  },
  {
    "id": "9.1",
    "title": "Monitoring, Measurement, Analysis and Evaluation",
    "group": "9 - Performance Evaluation",
    "description": "Monitor and measure AI management system performance",
    "mappings": [
      {
        "service": "Amazon CloudWatch Dashboards",
        "implementation": "Custom dashboards for AI system KPIs and performance metrics",
        "controlSupport": "Performance visualization and reporting"
      },
      {
        "service": "Amazon QuickSight",
        "implementation": "Business intelligence and analytics for AI system performance data",
        "controlSupport": "Advanced analytics and insights"
      },
      {
        "service": "AWS Cost Explorer",
        "implementation": "Track and analyze costs of AI/ML workloads for ROI assessment",
        "controlSupport": "Cost monitoring and optimization"
      },
      {
        "service": "Amazon SageMaker Model Monitor",
        "implementation": "Automated model performance monitoring with baseline comparisons",
        "controlSupport": "ML-specific performance monitoring"
      }
    ]
  },
  {
    "id": "9.2",
    "title": "Internal Audit",
    "group": "9 - Performance Evaluation",
    "description": "Conduct internal audits of AI management system",
    "mappings": [
      {
        "service": "AWS Audit Manager",
        "implementation": "Automated audit evidence collection with pre-built and custom frameworks",
        "controlSupport": "Continuous audit readiness"
      },
      {
        "service": "AWS Config Rules",
        "implementation": "Automated compliance checking against AI governance policies",
        "controlSupport": "Continuous compliance monitoring"
      },
      {
        "service": "AWS CloudTrail Insights",
        "implementation": "Anomaly detection in AWS API usage for audit investigations",
        "controlSupport": "Audit trail analysis"
      },
      {
        "service": "Amazon Detective",
        "implementation": "Security investigation and analysis for audit findings",
        "controlSupport": "Forensic analysis for audits"
      }
    ]
  },
  {
    "id": "A.2",
    "title": "AI System Impact Assessment",
    "group": "Annex A",
    "description": "Assess potential impacts of AI systems on individuals, society, and environment",
    "mappings": [
      {
        "service": "Amazon SageMaker Clarify",
        "implementation": "Detect bias in training data and models, generate explainability reports for impact assessment",
        "controlSupport": "Bias detection, fairness metrics, and model explainability"
      },
      {
        "service": "AWS Audit Manager",
        "implementation": "Automate evidence collection for impact assessment processes and compliance audits",
        "controlSupport": "Audit trail and compliance evidence management"
      },
      {
        "service": "Amazon SageMaker Model Cards",
        "implementation": "Document model characteristics, intended use, performance metrics, and ethical considerations",
        "controlSupport": "Model documentation and impact transparency"
      }
    ]
  },
  {
    "id": "A.3",
    "title": "Data for AI System",
    "group": "Annex A",
    "description": "Ensure data quality, relevance, and suitability for AI system purposes",
    "mappings": [
      {
        "service": "AWS Glue DataBrew",
        "implementation": "Data quality profiling, cleansing, and normalization for ML training data",
        "controlSupport": "Data quality assessment and transformation"
      },
      {
        "service": "Amazon SageMaker Data Wrangler",
        "implementation": "Visual data preparation and quality checks for ML workflows",
        "controlSupport": "Data quality validation and feature engineering"
      },
      {
        "service": "Amazon SageMaker Ground Truth",
        "implementation": "High-quality data labeling with built-in quality controls and validation",
        "controlSupport": "Training data quality and labeling accuracy"
      },
      {
        "service": "AWS Glue Data Quality",
        "implementation": "Define and monitor data quality rules, detect anomalies in data pipelines",
        "controlSupport": "Automated data quality monitoring and validation"
      }
    ]
  },
  {
    "id": "A.4",
    "title": "AI System Design and Development",
    "group": "Annex A",
    "description": "Establish processes for AI system design, development, and acquisition",
    "mappings": [
      {
        "service": "Amazon SageMaker",
        "implementation": "End-to-end ML development platform with built-in security, governance, and MLOps capabilities",
        "controlSupport": "Standardized ML development lifecycle"
      },
      {
        "service": "AWS CodePipeline",
        "implementation": "Automated CI/CD pipelines for ML model training and deployment with approval gates",
        "controlSupport": "Controlled and auditable model deployment process"
      },
      {
        "service": "Amazon SageMaker Pipelines",
        "implementation": "Define, orchestrate, and manage ML workflows with versioning and lineage tracking",
        "controlSupport": "Reproducible and traceable ML development"
      },
      {
        "service": "AWS CodeCommit",
        "implementation": "Version control for ML code, models, and configurations",
        "controlSupport": "Code versioning and change management"
      }
    ]
  },
  {
    "id": "A.5",
    "title": "AI System Verification and Validation",
    "group": "Annex A",
    "description": "Verify and validate AI systems meet specified requirements and perform as intended",
    "mappings": [
      {
        "service": "Amazon SageMaker Model Monitor",
        "implementation": "Continuous validation of model quality, data drift, and model drift in production",
        "controlSupport": "Automated model validation and performance monitoring"
      },
      {
        "service": "Amazon SageMaker Experiments",
        "implementation": "Track, compare, and evaluate ML experiments and model performance",
        "controlSupport": "Model validation and performance comparison"
      },
      {
        "service": "AWS Step Functions",
        "implementation": "Orchestrate automated testing workflows for AI systems with error handling",
        "controlSupport": "Automated validation workflows"
      }
    ]
  },
  {
    "id": "A.6",
    "title": "AI System Operation",
    "group": "Annex A",
    "description": "Operate AI systems in accordance with intended use and monitor performance",
    "mappings": [
      {
        "service": "Amazon SageMaker Endpoints",
        "implementation": "Scalable, managed model hosting with auto-scaling and blue/green deployments",
        "controlSupport": "Reliable and controlled model deployment"
      },
      {
        "service": "Amazon CloudWatch",
        "implementation": "Monitor AI system metrics, logs, and set alarms for operational issues",
        "controlSupport": "Operational monitoring and alerting"
      },
      {
        "service": "AWS X-Ray",
        "implementation": "Distributed tracing for AI/ML applications to identify performance bottlenecks",
        "controlSupport": "Application performance monitoring and debugging"
      },
      {
        "service": "Amazon EventBridge",
        "implementation": "Event-driven automation for AI system operations and incident response",
        "controlSupport": "Automated operational responses"
      }
    ]
  },
  {
    "id": "A.7",
    "title": "Human Oversight",
    "group": "Annex A",
    "description": "Implement appropriate human oversight of AI system operation",
    "mappings": [
      {
        "service": "Amazon A2I (Augmented AI)",
        "implementation": "Human review workflows for ML predictions requiring oversight or low-confidence scenarios",
        "controlSupport": "Human-in-the-loop AI systems"
      },
      {
        "service": "Amazon SageMaker Clarify",
        "implementation": "Generate explainability reports to support human understanding and oversight",
        "controlSupport": "Model explainability for human reviewers"
      },
      {
        "service": "AWS Step Functions",
        "implementation": "Workflow orchestration with manual approval steps for critical AI decisions",
        "controlSupport": "Human approval gates in AI workflows"
      }
    ]
  },
  {
    "id": "A.8",
    "title": "Transparency and Communication",
    "group": "Annex A",
    "description": "Provide transparency about AI system capabilities, limitations, and operation",
    "mappings": [
      {
        "service": "Amazon SageMaker Model Cards",
        "implementation": "Document and share model information including intended use, limitations, and performance",
        "controlSupport": "Model transparency documentation"
      },
      {
        "service": "Amazon SageMaker Clarify",
        "implementation": "Generate bias reports and feature importance explanations for stakeholders",
        "controlSupport": "Explainability and transparency reporting"
      },
      {
        "service": "AWS Systems Manager Documents",
        "implementation": "Document AI system operational procedures and runbooks",
        "controlSupport": "Operational transparency and documentation"
      }
    ]
  },
  {
    "id": "A.9",
    "title": "Information Security",
    "group": "Annex A",
    "description": "Implement information security controls for AI systems and data",
    "mappings": [
      {
        "service": "AWS IAM",
        "implementation": "Fine-grained access control for AI/ML resources using roles and policies",
        "controlSupport": "Identity and access management"
      },
      {
        "service": "AWS KMS",
        "implementation": "Encryption key management for data at rest and in transit for AI workloads",
        "controlSupport": "Data encryption and key management"
      },
      {
        "service": "Amazon Macie",
        "implementation": "Automated sensitive data discovery and protection in AI training data",
        "controlSupport": "Data privacy and protection"
      },
      {
        "service": "AWS Secrets Manager",
        "implementation": "Secure storage and rotation of API keys, credentials used by AI systems",
        "controlSupport": "Credential management and rotation"
      },
      {
        "service": "AWS PrivateLink",
        "implementation": "Private connectivity between VPC and AI/ML services without internet exposure",
        "controlSupport": "Network security and isolation"
      }
    ]
  },
  {
    "id": "A.10",
    "title": "Privacy",
    "group": "Annex A",
    "description": "Protect privacy of individuals in AI system data processing",
    "mappings": [
      {
        "service": "Amazon Macie",
        "implementation": "Identify and protect personally identifiable information (PII) in training data",
        "controlSupport": "PII discovery and classification"
      },
      {
        "service": "AWS Lake Formation",
        "implementation": "Cell-level and column-level security for sensitive data in data lakes",
        "controlSupport": "Fine-grained data access controls"
      },
      {
        "service": "AWS Glue DataBrew",
        "implementation": "Data masking and anonymization for privacy-preserving ML",
        "controlSupport": "Data de-identification and pseudonymization"
      },
      {
        "service": "AWS Clean Rooms",
        "implementation": "Collaborative analytics without sharing underlying sensitive data",
        "controlSupport": "Privacy-preserving data collaboration"
      }
    ]
  },
  {
    "id": "A.11",
    "title": "AI System Incident Management",
    "group": "Annex A",
    "description": "Manage incidents related to AI system operation and failures",
    "mappings": [
      {
        "service": "AWS Systems Manager Incident Manager",
        "implementation": "Incident response automation, escalation, and post-incident analysis for AI systems",
        "controlSupport": "Structured incident response process"
      },
      {
        "service": "Amazon CloudWatch Alarms",
        "implementation": "Automated alerting on AI system anomalies and failures",
        "controlSupport": "Incident detection and notification"
      },
      {
        "service": "Amazon SNS",
        "implementation": "Multi-channel incident notification and escalation",
        "controlSupport": "Incident communication and alerting"
      },
      {
        "service": "AWS CloudTrail",
        "implementation": "Audit logs for incident investigation and root cause analysis",
        "controlSupport": "Forensic analysis and audit trail"
      }
    ]
  },
  {
    "id": "A.12",
    "title": "Logging and Monitoring",
    "group": "Annex A",
    "description": "Maintain logs of AI system activities for audit and compliance",
    "mappings": [
      {
        "service": "AWS CloudTrail",
        "implementation": "Comprehensive API logging for all AWS AI/ML service interactions",
        "controlSupport": "Audit trail and compliance logging"
      },
      {
        "service": "Amazon CloudWatch Logs",
        "implementation": "Centralized log aggregation and retention for AI system operations",
        "controlSupport": "Log management and retention"
      },
      {
        "service": "AWS Audit Manager",
        "implementation": "Automated evidence collection and audit report generation",
        "controlSupport": "Compliance auditing and reporting"
      },
      {
        "service": "Amazon S3 with Object Lock",
        "implementation": "Immutable log storage for regulatory compliance",
        "controlSupport": "Tamper-proof log retention"
      }
    ]
  },
  {
    "id": "A.13",
    "title": "AI System Lifecycle Management",
    "group": "Annex A",
    "description": "Manage AI systems throughout their lifecycle from development to decommissioning",
    "mappings": [
      {
        "service": "Amazon SageMaker Model Registry",
        "implementation": "Centralized model versioning, approval workflows, and deployment tracking",
        "controlSupport": "Model lifecycle and governance"
      },
      {
        "service": "Amazon SageMaker Pipelines",
        "implementation": "End-to-end ML workflow automation with lineage tracking",
        "controlSupport": "Reproducible ML lifecycle management"
      },
      {
        "service": "AWS Service Catalog",
        "implementation": "Standardized, approved ML infrastructure and project templates",
        "controlSupport": "Governance through approved patterns"
      },
      {
        "service": "AWS Config",
        "implementation": "Track configuration changes and compliance of AI/ML resources",
        "controlSupport": "Configuration management and compliance"
      }
    ]
  },
  {
    "id": "A.14",
    "title": "Third-Party AI Systems and Services",
    "group": "Annex A",
    "description": "Manage risks associated with third-party AI systems, components, and services",
    "mappings": [
      {
        "service": "AWS Marketplace",
        "implementation": "Curated ML models and algorithms from verified vendors with security scanning",
        "controlSupport": "Vetted third-party AI components"
      },
      {
        "service": "Amazon SageMaker JumpStart",
        "implementation": "Pre-built, tested ML solutions and models from AWS and partners",
        "controlSupport": "Managed third-party model integration"
      },
      {
        "service": "AWS Artifact",
        "implementation": "Access compliance reports and agreements for AWS services",
        "controlSupport": "Vendor compliance documentation"
      },
      {
        "service": "AWS Security Hub",
        "implementation": "Security assessment of third-party integrations and dependencies",
        "controlSupport": "Third-party security monitoring"
      }
    ]
  },
  {
    "id": "A.15",
    "title": "Business Continuity for AI Systems",
    "group": "Annex A",
    "description": "Ensure continuity of AI system operations during disruptions",
    "mappings": [
      {
        "service": "AWS Backup",
        "implementation": "Automated backup of ML models, training data, and configurations",
        "controlSupport": "Data and model backup/recovery"
      },
      {
        "service": "Amazon S3 Cross-Region Replication",
        "implementation": "Geographic redundancy for critical AI system data and models",
        "controlSupport": "Disaster recovery and redundancy"
      },
      {
        "service": "AWS Elastic Disaster Recovery",
        "implementation": "Fast recovery of AI system infrastructure and applications",
        "controlSupport": "Business continuity and disaster recovery"
      },
      {
        "service": "Amazon SageMaker Multi-AZ",
        "implementation": "High availability model endpoints across availability zones",
        "controlSupport": "Service availability and resilience"
      }
    ]
  }
];

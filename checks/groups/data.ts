// Data, delivery, continuity and third-party probes. Add new ones here.
import type { Probe } from '../../src/engine/probe.js';
import backup from '../probes/backup.js';
import cleanRooms from '../probes/clean-rooms.js';
import codecommit from '../probes/codecommit.js';
import codepipeline from '../probes/codepipeline.js';
import costExplorer from '../probes/cost-explorer.js';
import elasticDisasterRecovery from '../probes/elastic-disaster-recovery.js';
import glueDataCatalog from '../probes/glue-data-catalog.js';
import glueDataQuality from '../probes/glue-data-quality.js';
import glueDatabrew from '../probes/glue-databrew.js';
import lakeFormation from '../probes/lake-formation.js';
import marketplace from '../probes/marketplace.js';
import quicksight from '../probes/quicksight.js';
import s3 from '../probes/s3.js';
import s3CrossRegionReplication from '../probes/s3-cross-region-replication.js';
import s3ObjectLock from '../probes/s3-object-lock.js';
import serviceCatalog from '../probes/service-catalog.js';
import stepFunctions from '../probes/step-functions.js';

export const DATA_PROBES: Probe<any>[] = [
  s3,
  s3ObjectLock,
  s3CrossRegionReplication,
  lakeFormation,
  glueDataCatalog,
  glueDataQuality,
  glueDatabrew,
  cleanRooms,
  quicksight,
  costExplorer,
  codepipeline,
  codecommit,
  stepFunctions,
  serviceCatalog,
  backup,
  elasticDisasterRecovery,
  marketplace,
];

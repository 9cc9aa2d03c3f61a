import { AdminConfigController } from './admin-config.controller';
import { ConfigReadController } from './config-read.controller';

/** The configuration routes (read for front ends, publish for administrators), registered by AppModule in one line. */
export const CONFIG_CONTROLLERS = [ConfigReadController, AdminConfigController];

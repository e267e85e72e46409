#!/usr/bin/env node
import 'source-map-support/register';
import { buildApp } from '../lib/app';

buildApp().app.synth();

import { z } from 'zod';
import { defaultWallMs } from '../../sandbox/classify.js';
import type { ServeConfig } from '../config.js';

/** Judge0's batch size cap, which its clients assume. */
export const JUDGE0_MAX_BATCH = 20;
const SCRATCH_KB = 64 * 1024;

/**
 * Judge0's `GET /config_info`: the limits and features this server really applies, in Judge0's
 * field names and units (seconds, KB). Judge0's clients read it on connect (the official Python
 * SDK refuses to start without it). What zuko-judge never allows (network, callbacks, deleting
 * submissions, per-process limits) is reported off, so a client doesn't ask for it.
 */
export const Judge0ConfigInfo = z.object({
  maintenance_mode: z.boolean(),
  enable_wait_result: z.boolean(),
  enable_compiler_options: z.boolean(),
  allowed_languages_for_compile_options: z.array(z.string()),
  enable_command_line_arguments: z.boolean(),
  enable_submission_delete: z.boolean(),
  enable_callbacks: z.boolean(),
  callbacks_max_tries: z.number(),
  callbacks_timeout: z.number(),
  enable_additional_files: z.boolean(),
  max_queue_size: z.number(),
  cpu_time_limit: z.number(),
  max_cpu_time_limit: z.number(),
  cpu_extra_time: z.number(),
  max_cpu_extra_time: z.number(),
  wall_time_limit: z.number(),
  max_wall_time_limit: z.number(),
  memory_limit: z.number(),
  max_memory_limit: z.number(),
  stack_limit: z.number(),
  max_stack_limit: z.number(),
  max_processes_and_or_threads: z.number(),
  max_max_processes_and_or_threads: z.number(),
  enable_per_process_and_thread_time_limit: z.boolean(),
  allow_enable_per_process_and_thread_time_limit: z.boolean(),
  enable_per_process_and_thread_memory_limit: z.boolean(),
  allow_enable_per_process_and_thread_memory_limit: z.boolean(),
  max_file_size: z.number(),
  max_max_file_size: z.number(),
  number_of_runs: z.number(),
  max_number_of_runs: z.number(),
  redirect_stderr_to_stdout: z.boolean(),
  max_extract_size: z.number(),
  enable_batched_submissions: z.boolean(),
  max_submission_batch_size: z.number(),
  submission_cache_duration: z.number(),
  use_docs_as_homepage: z.boolean(),
  allow_enable_network: z.boolean(),
  enable_network: z.boolean(),
});

export function judge0ConfigInfo(config: ServeConfig): z.infer<typeof Judge0ConfigInfo> {
  const run = config.run;
  return {
    maintenance_mode: false,
    enable_wait_result: true,
    enable_compiler_options: false,
    allowed_languages_for_compile_options: [],
    enable_command_line_arguments: true,
    enable_submission_delete: false,
    enable_callbacks: false,
    callbacks_max_tries: 0,
    callbacks_timeout: 0,
    enable_additional_files: false,
    max_queue_size: config.queue_max,
    cpu_time_limit: run.cpu_s,
    max_cpu_time_limit: run.max_cpu_s,
    cpu_extra_time: 0,
    max_cpu_extra_time: 0,
    wall_time_limit: defaultWallMs(run.cpu_s * 1000) / 1000,
    max_wall_time_limit: maxWallSeconds(config),
    memory_limit: run.memory_kb,
    max_memory_limit: run.max_memory_kb,
    // Unlimited by default, as contest judges run programs; the memory limit bounds it.
    stack_limit: 0,
    max_stack_limit: run.max_memory_kb,
    max_processes_and_or_threads: 0,
    max_max_processes_and_or_threads: 0,
    enable_per_process_and_thread_time_limit: false,
    allow_enable_per_process_and_thread_time_limit: false,
    enable_per_process_and_thread_memory_limit: false,
    allow_enable_per_process_and_thread_memory_limit: false,
    max_file_size: SCRATCH_KB,
    max_max_file_size: SCRATCH_KB,
    number_of_runs: 1,
    max_number_of_runs: 1,
    redirect_stderr_to_stdout: false,
    max_extract_size: 0,
    enable_batched_submissions: true,
    max_submission_batch_size: JUDGE0_MAX_BATCH,
    submission_cache_duration: 0,
    use_docs_as_homepage: false,
    allow_enable_network: false,
    enable_network: false,
  };
}

/** The longest wall-clock limit a request may ask for. */
export function maxWallSeconds(config: ServeConfig): number {
  return config.run.max_cpu_s * 2 + 5;
}

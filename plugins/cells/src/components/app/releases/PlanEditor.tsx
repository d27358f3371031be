import type { ReleaseStepPlan } from '@cellport/plugin-cells-common';
import { Button } from '@material-ui/core';
import { newStep } from './plan';
import { StepEditor } from './StepEditor';

/** Props of {@link PlanEditor}. */
export interface PlanEditorProps {
  steps: ReleaseStepPlan[];
  /** The app's cells, in order. */
  cells: string[];
  onChange(steps: ReleaseStepPlan[]): void;
  disabled?: boolean;
  /**
   * Offer each step's traffic share (the app has a domain on a load balancer that applies it
   * through weights); without it the field is hidden and traffic follows the replicas.
   */
  trafficShare?: boolean;
}

/**
 * Edits a release plan: ordered steps, each with its cells (placement mask), canary size, traffic
 * share (when offered), ready deadline, bake time, approval and metric gates (with presets for the
 * error ratio and p99 latency).
 */
export function PlanEditor(props: PlanEditorProps) {
  const { steps, cells, disabled } = props;
  return (
    <>
      {steps.map((step, i) => (
        <StepEditor
          key={i}
          index={i}
          step={step}
          cells={cells}
          disabled={disabled}
          trafficShare={props.trafficShare}
          onChange={next =>
            props.onChange(steps.map((s, j) => (j === i ? next : s)))
          }
          onRemove={
            steps.length > 1
              ? () => props.onChange(steps.filter((_, j) => j !== i))
              : undefined
          }
        />
      ))}
      <Button
        size="small"
        variant="outlined"
        disabled={disabled}
        onClick={() =>
          props.onChange([...steps, newStep([...cells], { percent: 100 })])
        }
      >
        Add step
      </Button>
    </>
  );
}

// The <Exercise> an MDX page renders: the learner's exercise (draft, standing, revealed hints) in
// the editor and result panel of components/exercise. The lesson and practice pages both use it,
// so a practice exercise looks and runs exactly as one in a lesson.
import type { ReactNode } from "react";
import { ExerciseRunner, type ExerciseActions } from "@/components/exercise/exercise-runner";
import { MissingExercise } from "@/components/lesson/missing-exercise";
import type { ExerciseForLearner } from "@/lib/exercises/queries";

export function exerciseSlot(exercises: Map<string, ExerciseForLearner>, revealedHints: Map<string, ReactNode[]>, actions: ExerciseActions) {
  return function Exercise({ id, children }: { id: string; children?: ReactNode }) {
    const exercise = exercises.get(id);
    if (!exercise) return <MissingExercise id={id} />;
    return (
      <div id={exercise.id} data-exercise-id={exercise.id} data-solved={exercise.solved} className="not-prose my-8 scroll-mt-6">
        <ExerciseRunner
          exerciseId={exercise.id}
          title={exercise.title}
          starter={exercise.starterCode}
          draft={exercise.draft}
          lastRunCode={exercise.lastRunCode}
          hintCount={exercise.hints.length}
          revealedHints={revealedHints.get(exercise.id)}
          visibleTests={exercise.visibleTests}
          actions={actions}
          initialAttempts={exercise.attempts}
          initialFailedAttempts={exercise.failedAttempts}
          initialSolved={exercise.solved}
        >
          {children}
        </ExerciseRunner>
      </div>
    );
  };
}

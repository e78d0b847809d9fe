"use client";
// Dashboard charts (recharts). Each one sits next to a table with the same numbers.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const VIOLET = "#6d28d9";
const GREEN = "#15803d";
const OUTCOME_COLORS = ["#15803d", "#d97706", "#ca8a04", "#dc2626", "#9333ea", "#2563eb", "#0891b2", "#0d9488", "#64748b", "#1e293b"];

function Frame({ label, children }: { label: string; children: React.ReactElement }) {
  return (
    <figure className="mt-4 h-64 w-full" aria-label={label} data-testid="chart">
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

export function DailyChart({ data }: { data: { day: string; attempts: number; passes: number }[] }) {
  return (
    <Frame label="Submissions per day">
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
        <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={24} />
        <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Line type="monotone" dataKey="attempts" name="attempts" stroke={VIOLET} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="passes" name="passes" stroke={GREEN} dot={false} isAnimationActive={false} />
      </LineChart>
    </Frame>
  );
}

export function HoursChart({ data }: { data: { hour: number; attempts: number }[] }) {
  return (
    <Frame label="Submissions by hour of day (UTC)">
      <BarChart data={data.map((d) => ({ ...d, label: String(d.hour).padStart(2, "0") }))} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} />
        <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="attempts" name="attempts" fill={VIOLET} isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}

/** Stacked shares of each outcome per exercise (rows: {name, [outcome]: percent}). */
export function OutcomeChart({ data, outcomes }: { data: Record<string, string | number>[]; outcomes: string[] }) {
  return (
    <Frame label="Share of each outcome per exercise">
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
        <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
        <YAxis type="category" dataKey="name" width={160} tick={{ fontSize: 11 }} />
        <Tooltip />
        <Legend />
        {outcomes.map((o, i) => (
          <Bar key={o} dataKey={o} stackId="outcomes" fill={OUTCOME_COLORS[i % OUTCOME_COLORS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </Frame>
  );
}

export function FunnelChart({ data }: { data: { title: string; started: number; finished: number }[] }) {
  return (
    <Frame label="Learners who started and finished each lesson">
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
        <XAxis dataKey="title" tick={{ fontSize: 11 }} />
        <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Bar dataKey="started" name="started" fill={VIOLET} isAnimationActive={false} />
        <Bar dataKey="finished" name="finished" fill={GREEN} isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}

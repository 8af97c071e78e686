// The app's mark: one line running through three points (context, vision, action).
export function Logo({ size = 40 }: { size?: number }) {
  return (
    <svg class="logo" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="12" fill="#163460" />
      <path d="M2 47 L62 17" stroke="#E9B43C" stroke-width="5.5" stroke-linecap="round" />
      {[16, 32, 48].map((x) => (
        <g key={x}>
          <circle cx={x} cy={46 - ((x - 2) * 30) / 60 + 1} r="5.6" fill="#E9B43C" />
          <circle cx={x} cy={46 - ((x - 2) * 30) / 60 + 1} r="3" fill="#FFFFFF" />
        </g>
      ))}
    </svg>
  );
}

import type { ApiError } from '../../src-shared/protocol/api';

/**
 * An API error shown next to the control that caused it. The code is drawn by CSS from data-code
 * (useful in bug reports) so the element's text is exactly the fleet's message.
 */
export function ErrorMessage(props: { error: ApiError }) {
  return (
    <div className="error-message" data-testid="error-message" data-code={props.error.code} role="alert">
      {props.error.message}
    </div>
  );
}

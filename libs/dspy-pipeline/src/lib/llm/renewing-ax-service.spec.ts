import { AxGen, AxMockAIService, axGlobals, type AxChatResponse } from '@ax-llm/ax';
import { RenewingAxService } from './renewing-ax-service';

/** Mock services that answer with the number of the instance that served the call. */
function numberedServices(): {
  create: () => AxMockAIService<string>;
  made: AxMockAIService<string>[];
} {
  const made: AxMockAIService<string>[] = [];
  const create = (): AxMockAIService<string> => {
    const n = made.length + 1;
    const service = new AxMockAIService<string>({
      features: { functions: false, streaming: false },
      chatResponse: async () => ({
        results: [
          { index: 0, content: `Answer: from instance ${n}`, finishReason: 'stop' as const },
        ],
        modelUsage: {
          ai: 'mock',
          model: 'mock-model',
          tokens: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
        },
      }),
    });
    made.push(service);
    return service;
  };
  return { create, made };
}

const ask = async (service: RenewingAxService): Promise<string> => {
  const res = (await service.chat(
    { chatPrompt: [{ role: 'user', content: 'hi' }] },
    { stream: false },
  )) as AxChatResponse;
  return res.results[0]?.content ?? '';
};

describe('RenewingAxService', () => {
  it('hands calls to a fresh instance every renewEvery calls, in order', async () => {
    const { create, made } = numberedServices();
    const service = new RenewingAxService(create, 3);
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) answers.push(await ask(service));
    expect(answers).toEqual([
      ...Array(3).fill('Answer: from instance 1'),
      ...Array(3).fill('Answer: from instance 2'),
      'Answer: from instance 3',
    ]);
    expect(made).toHaveLength(3);
  });

  it('keeps options given to setOptions across renewals', async () => {
    const { create, made } = numberedServices();
    const service = new RenewingAxService(create, 1);
    service.setOptions({ customLabels: { team: 'qa' } });
    await ask(service);
    await ask(service);
    expect(made).toHaveLength(2);
    expect(made[1]?.getOptions().customLabels).toEqual({ team: 'qa' });
    expect(service.getOptions().customLabels).toEqual({ team: 'qa' });
  });

  it('remembers the options until setOptions, a renewal or an axGlobals change', async () => {
    const { create, made } = numberedServices();
    const service = new RenewingAxService(create, 2);
    const inner = made[0] as AxMockAIService<string>;
    const spy = jest.spyOn(inner, 'getOptions');
    const first = service.getOptions();
    expect(service.getOptions()).toBe(first);
    expect(spy).toHaveBeenCalledTimes(1);

    service.setOptions({ debug: false });
    const second = service.getOptions();
    expect(second).not.toBe(first);
    expect(spy).toHaveBeenCalledTimes(2);

    const before = axGlobals.customLabels;
    try {
      axGlobals.customLabels = { changed: 'yes' };
      service.getOptions();
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      axGlobals.customLabels = before;
    }

    await ask(service);
    await ask(service);
    await ask(service); // the third call renews
    expect(made).toHaveLength(2);
    expect(service.getOptions()).toEqual(made[1]?.getOptions());
  });

  it('runs an Ax program exactly as the inner service would', async () => {
    const { create } = numberedServices();
    const gen = new AxGen('question:string -> answer:string');
    const direct = await gen.forward(create(), { question: 'q' });
    const renewed = await gen.forward(new RenewingAxService(create, 1), { question: 'q' });
    expect(renewed).toEqual({ answer: 'from instance 2' });
    expect(direct).toEqual({ answer: 'from instance 1' });
  });

  it('refuses a renewal period that is not a positive integer', () => {
    const { create } = numberedServices();
    expect(() => new RenewingAxService(create, 0)).toThrow(/positive integer/);
    expect(() => new RenewingAxService(create, 1.5)).toThrow(/positive integer/);
  });
});
